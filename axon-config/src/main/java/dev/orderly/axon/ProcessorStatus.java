package dev.orderly.axon;

/**
 * Where one streaming processor stands.
 *
 * @param position   the lowest position its segments have processed, or -1 before the first event
 * @param head       the position of the newest event in the store, or -1 when it is empty
 * @param lagEvents  events committed but not yet processed by every segment
 * @param lagSeconds age of the oldest event not yet processed by every segment; 0 when caught up
 * @param deadLetters sequences parked in its dead-letter queue, or -1 when it has none
 */
public record ProcessorStatus(String name, boolean running, boolean error, String errorMessage, int segments,
                              long position, long head, long lagEvents, long lagSeconds, long deadLetters) {
}
