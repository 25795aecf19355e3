/**
 * Per-thread counters: perf events opened for one thread id ({@link dev.copycost.counters.ThreadCounters}),
 * context switches from {@code /proc} ({@link dev.copycost.counters.ThreadSchedStats}) and what this
 * machine lets us count, with reasons ({@link dev.copycost.counters.CounterAvailability}).
 *
 * <p>Knows nothing of sockets or strategies. An event the kernel refuses is reported as unavailable
 * with the failed call and its errno, never thrown: a VM without a PMU must still run the matrix,
 * and a machine with one must show hardware counters with no code change.
 */
package dev.copycost.counters;
