/**
 * Published availability commitments (SLAs) of cloud services, as data, and Topo's own defaults
 * for what has none. Every figure an importer takes from here is written into the draft with an
 * `# assumed:` comment naming the entry, so a person sees which numbers are theirs to confirm.
 *
 * Honesty about the sources: these entries were written from the providers' public SLA pages as
 * the authors knew them, without re-reading each page on the day they were recorded (2026-12-07).
 * `asOf` says exactly that; `note` says where a figure is known to depend on tier, edition or
 * deployment. An SLA is a credit threshold, not a measured availability: the providers usually
 * do better, and the credit is the only remedy when they do not.
 */
import type { CatalogueEntry } from './catalogue';

const RECALLED = 'as published; recorded 2026-12-07 from the public page as known, not re-checked that day';

export const CATALOGUE: readonly CatalogueEntry[] = [
  // AWS
  {
    id: 'aws-ec2-region', provider: 'aws', service: 'Amazon EC2', configuration: 'instances deployed across two or more Availability Zones of a region (Region-level SLA)',
    percent: 99.99, basis: 'time', source: { document: 'Amazon Compute Service Level Agreement', asOf: RECALLED },
    note: 'per region, for the deployment as a whole (some instance reachable in two or more zones), not per instance: an importer that models the instances and zones itself takes the instance-level figure for each instance instead',
  },
  {
    id: 'aws-ec2-instance', provider: 'aws', service: 'Amazon EC2', configuration: 'a single instance (Instance-level SLA)',
    percent: 99.5, basis: 'time', source: { document: 'Amazon Compute Service Level Agreement', asOf: RECALLED },
    note: 'per instance',
  },
  {
    id: 'aws-rds-multi-az', provider: 'aws', service: 'Amazon RDS', configuration: 'Multi-AZ DB instance',
    percent: 99.95, basis: 'time', source: { document: 'Amazon RDS Service Level Agreement', asOf: RECALLED },
    note: 'per DB instance, for the primary and its standby together: the failover to the standby in another zone is inside the figure',
  },
  {
    id: 'aws-rds-single-az', provider: 'aws', service: 'Amazon RDS', configuration: 'Single-AZ DB instance',
    percent: 99.5, basis: 'time', source: { document: 'Amazon RDS Service Level Agreement', asOf: RECALLED },
    note: 'the single-AZ commitment was added to the RDS SLA later than the Multi-AZ one; confirm it covers the engine in use',
  },
  {
    id: 'aws-elb', provider: 'aws', service: 'Elastic Load Balancing', configuration: 'Application, Network or Gateway Load Balancer',
    percent: 99.99, basis: 'time', source: { document: 'Elastic Load Balancing Service Level Agreement', asOf: RECALLED },
    note: 'per load balancer, across the zones it is enabled in; recalled as covering the Classic Load Balancer too, which is not re-checked',
  },
  {
    id: 'aws-aurora-multi-az', provider: 'aws', service: 'Amazon Aurora', configuration: 'Multi-AZ DB cluster (instances in two or more Availability Zones)',
    percent: 99.99, basis: 'time', source: { document: 'Amazon Aurora Service Level Agreement', asOf: RECALLED },
    note: 'per cluster: the promotion of a replica in another zone is inside the figure',
  },
  {
    id: 'aws-aurora-single-az', provider: 'aws', service: 'Amazon Aurora', configuration: 'single-AZ DB cluster or instance',
    percent: 99.9, basis: 'time', source: { document: 'Amazon Aurora Service Level Agreement', asOf: RECALLED },
    note: 'the single-AZ commitment is recalled less surely than the Multi-AZ one; confirm it on the page',
  },
  {
    id: 'aws-elasticache-multi-az', provider: 'aws', service: 'Amazon ElastiCache', configuration: 'Multi-AZ replication group with automatic failover',
    percent: 99.99, basis: 'time', source: { document: 'Amazon ElastiCache Service Level Agreement', asOf: RECALLED },
    note: 'per replication group, the promotion of a replica in another zone inside the figure; recalled as giving no commitment for a single node or a group without Multi-AZ',
  },
  {
    id: 'aws-s3-standard', provider: 'aws', service: 'Amazon S3', configuration: 'S3 Standard storage class',
    percent: 99.9, basis: 'request', source: { document: 'Amazon S3 Service Level Agreement', asOf: RECALLED },
    note: 'measured as the error rate of requests in five-minute intervals, not as time up',
  },
  {
    id: 'aws-dynamodb-standard', provider: 'aws', service: 'Amazon DynamoDB', configuration: 'standard table (one region)',
    percent: 99.99, basis: 'request', source: { document: 'Amazon DynamoDB Service Level Agreement', asOf: RECALLED },
  },
  {
    id: 'aws-dynamodb-global', provider: 'aws', service: 'Amazon DynamoDB', configuration: 'global table (several regions)',
    percent: 99.999, basis: 'request', source: { document: 'Amazon DynamoDB Service Level Agreement', asOf: RECALLED },
  },
  {
    id: 'aws-route53', provider: 'aws', service: 'Amazon Route 53', configuration: 'DNS query answering',
    percent: 100, basis: 'time', source: { document: 'Amazon Route 53 Service Level Agreement', asOf: RECALLED },
    note: '100% is the commitment that triggers credits, not a claim that DNS never fails: model it as a dependency that fails rarely, not never',
  },
  // Azure
  {
    id: 'azure-vm-zones', provider: 'azure', service: 'Azure Virtual Machines', configuration: 'two or more instances across two or more Availability Zones',
    percent: 99.99, basis: 'time', source: { document: 'Service Level Agreements (SLA) for Online Services', asOf: RECALLED },
  },
  {
    id: 'azure-vm-availability-set', provider: 'azure', service: 'Azure Virtual Machines', configuration: 'two or more instances in one Availability Set',
    percent: 99.95, basis: 'time', source: { document: 'Service Level Agreements (SLA) for Online Services', asOf: RECALLED },
  },
  {
    id: 'azure-vm-single', provider: 'azure', service: 'Azure Virtual Machines', configuration: 'a single instance on Premium SSD or Ultra Disk',
    percent: 99.9, basis: 'time', source: { document: 'Service Level Agreements (SLA) for Online Services', asOf: RECALLED },
    note: 'per instance; lower for Standard SSD and Standard HDD disks',
  },
  {
    id: 'azure-sql-database', provider: 'azure', service: 'Azure SQL Database', configuration: 'General Purpose or Business Critical tier, not zone-redundant',
    percent: 99.99, basis: 'time', source: { document: 'Service Level Agreements (SLA) for Online Services', asOf: RECALLED },
    note: 'per database; zone-redundant Business Critical and Premium deployments have a higher commitment (99.995%)',
  },
  {
    id: 'azure-sql-database-zone-redundant', provider: 'azure', service: 'Azure SQL Database', configuration: 'zone-redundant Business Critical or Premium tier',
    percent: 99.995, basis: 'time', source: { document: 'Service Level Agreements (SLA) for Online Services', asOf: RECALLED },
    note: 'per database, its replicas in several zones inside the figure; other tiers made zone-redundant were recalled at 99.99%: confirm the tier in use',
  },
  {
    id: 'azure-load-balancer', provider: 'azure', service: 'Azure Load Balancer', configuration: 'Standard SKU, two or more healthy back-end instances',
    percent: 99.99, basis: 'time', source: { document: 'Service Level Agreements (SLA) for Online Services', asOf: RECALLED },
  },
  // Google Cloud
  {
    id: 'gcp-compute-multi-zone', provider: 'gcp', service: 'Compute Engine', configuration: 'instances across two or more zones of a region',
    percent: 99.99, basis: 'time', source: { document: 'Compute Engine Service Level Agreement (SLA)', asOf: RECALLED },
  },
  {
    id: 'gcp-compute-single-instance', provider: 'gcp', service: 'Compute Engine', configuration: 'a single instance',
    percent: 99.9, basis: 'time', source: { document: 'Compute Engine Service Level Agreement (SLA)', asOf: RECALLED },
    note: 'per instance; the single-instance commitment depends on the machine family; confirm it for the one in use',
  },
  {
    id: 'gcp-cloud-sql-ha', provider: 'gcp', service: 'Cloud SQL', configuration: 'high-availability (regional) instance, Enterprise edition',
    percent: 99.95, basis: 'time', source: { document: 'Cloud SQL Service Level Agreement (SLA)', asOf: RECALLED },
    note: 'Enterprise Plus edition commits to more (99.99%)',
  },
  {
    id: 'gcp-load-balancing', provider: 'gcp', service: 'Cloud Load Balancing', configuration: 'external or internal load balancer',
    percent: 99.99, basis: 'time', source: { document: 'Cloud Load Balancing Service Level Agreement (SLA)', asOf: RECALLED },
  },
  {
    id: 'gcp-gke-regional', provider: 'gcp', service: 'Google Kubernetes Engine', configuration: 'regional cluster control plane',
    percent: 99.95, basis: 'time', source: { document: 'Google Kubernetes Engine Service Level Agreement (SLA)', asOf: RECALLED },
    note: 'the control plane only: workloads are covered by the Compute Engine SLA of their nodes',
  },
  {
    id: 'gcp-gke-zonal', provider: 'gcp', service: 'Google Kubernetes Engine', configuration: 'zonal cluster control plane',
    percent: 99.5, basis: 'time', source: { document: 'Google Kubernetes Engine Service Level Agreement (SLA)', asOf: RECALLED },
    note: 'the control plane only',
  },
  // Cloudflare
  {
    id: 'cloudflare-business', provider: 'cloudflare', service: 'Cloudflare CDN and proxy', configuration: 'Business plan',
    percent: 100, basis: 'time', source: { document: 'Cloudflare Business Service Level Agreement', asOf: RECALLED },
    note: '100% is the credit threshold, not an availability: model it as a dependency that fails rarely, not never',
  },
  // Topo's defaults: no provider publishes these.
  {
    id: 'topo-default-container', provider: 'topo', service: 'a container or process replica', configuration: 'one replica, self-hosted, no published SLA',
    percent: 99.9, basis: 'time', source: { document: 'Topo default (no published SLA)', asOf: 'Topo default since 2026-12-07' },
    note: 'not a provider SLA: a conventional figure for one replica (about 8.8 hours down a year), to be replaced by measured uptime',
  },
  {
    id: 'topo-default-zone', provider: 'topo', service: 'a cloud availability zone', configuration: 'one zone of a region, everything in it failing together',
    percent: 99.99, basis: 'time', source: { document: 'Topo default (no published SLA)', asOf: 'Topo default since 2026-12-07' },
    note: 'not a provider SLA: no provider publishes a figure for one zone (their SLAs cover instances and multi-zone deployments); a conventional figure, about 53 minutes down a year, to be replaced by your provider\'s history or your measurements',
  },
  {
    id: 'topo-default-managed-node', provider: 'topo', service: 'a managed service in a configuration its provider commits nothing for', configuration: 'one node of a managed service (a single cache node, say), no published SLA',
    percent: 99.5, basis: 'time', source: { document: 'Topo default (no published SLA)', asOf: 'Topo default since 2026-12-07' },
    note: 'not a provider SLA: the single-instance compute commitments (EC2, about 1.8 days down a year) taken as a conventional figure for one managed node, to be replaced by measured uptime',
  },
];
