/**
 * What a copycost message is and how a receiver proves it arrived intact: the {@link
 * dev.copycost.message.MessageLayout} of eight fields, the {@link dev.copycost.message.FieldStamp} and
 * {@link dev.copycost.message.PayloadPattern} the sender writes, and the {@link
 * dev.copycost.message.StreamVerifier} that reassembles and checks them from a TCP byte stream. Knows
 * nothing of sockets: it sees only buffers and byte ranges.
 */
package dev.copycost.message;
