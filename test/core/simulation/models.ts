/**
 * Models the simulation's tests and its bench share.
 */

/**
 * Two sites in two regions, active-passive inside and between them, zones shared within a site:
 * a cold standby behind a hot one, primaries and standbys sharing zones (revision 2's windows).
 */
export const SITES = `system s {
    region r1 { availability 99.99% }
    region r2 { availability 99.99% }
    zone a1 in r1 { availability 99.9% }
    zone a2 in r1 { availability 99.9% }
    zone b1 in r2 { availability 99.9% }
    layer edge { node cdn { availability 99.9% replicas 2 } }
    layer dc {
      replication async lag 2s
      health-check { interval 10s unhealthy 2 }
      site blue {
        layer app { min 2 node app { availability 99% mttr 2h replicas 3 zones [a1, a2] } }
        layer db {
          heartbeat { interval 1s timeout 10s }
          node db-1 { availability 99.5% mttr 2h zone a1 }
          node db-2 { availability 99.5% mttr 2h zone a2 standby hot }
          node db-3 { availability 99.5% mttr 2h zone a2 standby cold }
        }
        path app -> db
      }
      site green { standby warm
        layer app { node app { availability 99% mttr 2h replicas 2 zone b1 } }
        layer db {
          heartbeat { interval 1s timeout 30s }
          node db-1 { availability 99.5% mttr 2h zone b1 }
          node db-2 { availability 99.5% mttr 2h zone b1 standby warm }
        }
        path app -> db
      }
    }
    path edge -> dc
  }
`;
