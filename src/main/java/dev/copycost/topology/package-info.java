/**
 * Where the receivers run when the data should cross a link: a network namespace joined to this one
 * by a veth pair ({@link dev.copycost.topology.NetnsLink}), the receive agent started in it
 * ({@link dev.copycost.topology.AgentProcess}), and the topology that ties them together
 * ({@link dev.copycost.topology.NetnsTopology}). Everything made here carries the owner's pid in its
 * name, is removed at the end, also on failure, and leftovers of dead owners are removed at start.
 */
package dev.copycost.topology;
