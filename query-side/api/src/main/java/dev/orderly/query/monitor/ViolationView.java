package dev.orderly.query.monitor;

import java.time.Instant;

public record ViolationView(String invariant, String aggregateId, long globalIndex, String eventIdentifier,
                            String detail, Instant detectedAt) {
}
