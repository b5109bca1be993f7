// The action's comment step (action.yml): the diff's Markdown (MARKDOWN) as one comment on the
// pull request, found again by a hidden marker and updated in place on every push, so a pull
// request has one Topo comment, never one per push. GitHub's REST API (GITHUB_API_URL, default
// https://api.github.com) with GITHUB_TOKEN; the pull request from the event (GITHUB_EVENT_PATH).
import { readFileSync } from 'node:fs';

const MARKER = '<!-- topo-diff -->';
/** GitHub refuses a comment body over 65,536 characters. */
const MAX_BODY = 65_000;

const api = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
const token = process.env.GITHUB_TOKEN;
const repository = process.env.GITHUB_REPOSITORY;
const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'));
const number = event.pull_request?.number;
if (!token || !repository || !number) {
  console.error('topo action: GITHUB_TOKEN, GITHUB_REPOSITORY and a pull_request event are needed to comment');
  process.exit(2);
}

let text = readFileSync(process.env.MARKDOWN, 'utf8');
if (text.length > MAX_BODY) text = `${text.slice(0, MAX_BODY)}\n\n… (cut: the whole diff is in the job summary)`;
const body = `${MARKER}\n${text}`;

async function call(method, path, payload) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(payload ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload ? { body: JSON.stringify(payload) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The existing Topo comment, if any (every page of the pull request's comments). */
async function existing() {
  for (let page = 1; ; page++) {
    const comments = await call('GET', `/repos/${repository}/issues/${number}/comments?per_page=100&page=${page}`);
    const found = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
    if (found) return found;
    if (comments.length < 100) return undefined;
  }
}

try {
  const found = await existing();
  if (found) {
    await call('PATCH', `/repos/${repository}/issues/comments/${found.id}`, { body });
    console.log(`topo action: comment ${found.id} updated`);
  } else {
    const created = await call('POST', `/repos/${repository}/issues/${number}/comments`, { body });
    console.log(`topo action: comment ${created.id} created`);
  }
} catch (e) {
  console.error(`topo action: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
