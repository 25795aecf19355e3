/**
 * The receive agent: receivers in another process (another host, a network namespace), reached over
 * one TCP port, and the sender's side of it ({@link dev.copycost.agent.AgentTopology}).
 *
 * <p>Every connection to the agent opens with a {@link dev.copycost.agent.AgentProtocol preamble}
 * (magic and protocol version) and a hello frame saying whether it is the control connection of a run
 * or one of its data connections. Control frames are length-prefixed JSON; data connections carry
 * the raw message stream after their hello, into {@link dev.copycost.experiment.LocalReceivers}.
 */
package dev.copycost.agent;
