package dev.copycost.experiment;

/**
 * Where a trial's data goes: the receiving end it is sent to. {@code loopback} keeps the receivers in
 * this process; the other topologies send to a receive agent (in a network namespace on this host,
 * in a container, or on another host), so that the data crosses a link.
 */
public interface Topology {

    /** The name in results and reports: {@code loopback}, {@code netns}, {@code remote}, ... */
    String name();

    /**
     * The receiving end for one trial. A receiver that fails reports to {@code failure}, on which the
     * experiment waits, so that its wait ends at once.
     */
    Receivers receivers(ExperimentSpec spec, FirstFailure failure);

    /**
     * The receivers' host as they last reported it (kernel, CPU, the interface that carried the data
     * with its driver, MTU and offloads), where it is not this process's host; empty otherwise.
     */
    default java.util.Optional<String> receiverHost() {
        return java.util.Optional.empty();
    }

    /** Receivers as threads of this process, connected over 127.0.0.1. */
    Topology LOOPBACK = new Topology() {
        @Override
        public String name() {
            return "loopback";
        }

        @Override
        public Receivers receivers(ExperimentSpec spec, FirstFailure failure) {
            return new LoopbackReceivers(spec, failure);
        }

        @Override
        public String toString() {
            return name();
        }
    };
}
