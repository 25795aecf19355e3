package dev.copycost.experiment;

/**
 * One measured window. {@code seconds} is the window as timed by the monotonic clock, and
 * {@code messages} what the receivers verified inside it: throughput never counts bytes that did not
 * arrive intact, and never divides by the nominal duration.
 */
public record Repetition(int index, double seconds, long messages, long bytes, RoleMeasure sender,
        RoleMeasure receiver, long gcCollections, long gcMillis, long jitMillis) {

    public double gbps() {
        return bytes * 8.0 / seconds / 1e9;
    }

    public double messagesPerSecond() {
        return messages / seconds;
    }
}
