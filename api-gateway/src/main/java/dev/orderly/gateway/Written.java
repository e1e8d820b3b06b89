package dev.orderly.gateway;

import java.util.Optional;

/**
 * What a command answers: the view the client gets back, and the consistency token of what it wrote when one is known
 * (a synchronous command always has one; an asynchronous one only if it was decided within the accept wait).
 *
 * @param consistencyToken the global event-store position of the write, or {@code null}
 */
public record Written<T>(T value, Long consistencyToken) {

    public static <T> Written<T> of(T value, Optional<Long> token) {
        return new Written<>(value, token.orElse(null));
    }
}
