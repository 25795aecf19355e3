/**
 * The statistics behind every comparison the report states: 95% confidence intervals on ratios of
 * throughput from independent trials, and the verdict rules that turn an interval into a word.
 * Knows nothing of sockets, strategies or the report.
 */
package dev.copycost.statistics;
