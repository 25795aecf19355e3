/**
 * Trials, rounds and blocks: how points that are compared with each other are measured side by
 * side. A block is the set of points that share size, threads and topology; a round runs one
 * independent trial of each, in a fresh seeded random order; rounds are added until every paired
 * comparison in the block is decided or its time budget is spent. Knows nothing of JUnit or Allure.
 */
package dev.copycost.rounds;
