package dev.orderly.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock an aggregate gets in a test: the fixture's current time, which also stamps the given events, so that
 * {@code givenCurrentTime} and {@code andGivenCurrentTime} move the aggregate's "now" as they move the events'.
 */
public final class FixtureClock extends Clock {

    private final AggregateTestFixture<?> fixture;

    public FixtureClock(AggregateTestFixture<?> fixture) {
        this.fixture = fixture;
    }

    @Override
    public Instant instant() {
        return fixture.currentTime();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("aggregates read instants only");
    }
}
