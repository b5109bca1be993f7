import { strict as assert } from 'node:assert';
import { parse } from '../../grammar/src/index';
describe('smoke', () => { it('parses', () => { const r = parse('system a { }'); assert.equal(r.ast.systems.length, 1); }); });
