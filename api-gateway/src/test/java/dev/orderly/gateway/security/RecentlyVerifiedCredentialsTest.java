package dev.orderly.gateway.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentlyVerifiedCredentialsTest {

    private final AtomicInteger slowChecks = new AtomicInteger();
    private Instant now = Instant.parse("2026-11-26T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private RecentlyVerifiedCredentials provider(Duration ttl) {
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        var users = new InMemoryUserDetailsManager(User.withUsername("alice")
                .password(encoder.encode("alice-secret")).roles("CUSTOMER").build());
        var bcrypt = new DaoAuthenticationProvider(users);
        bcrypt.setPasswordEncoder(encoder);
        AuthenticationProvider counting = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                slowChecks.incrementAndGet();
                return bcrypt.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return bcrypt.supports(authentication);
            }
        };
        return new RecentlyVerifiedCredentials(counting, ttl, clock);
    }

    private static Authentication login(String name, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(name, password);
    }

    @Test
    void the_same_password_is_recognised_without_a_second_bcrypt_check() {
        var provider = provider(Duration.ofSeconds(60));

        Authentication first = provider.authenticate(login("alice", "alice-secret"));
        Authentication second = provider.authenticate(login("alice", "alice-secret"));

        assertThat(first.isAuthenticated()).isTrue();
        assertThat(second.getName()).isEqualTo("alice");
        assertThat(second.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_CUSTOMER");
        assertThat(slowChecks).hasValue(1);
    }

    @Test
    void a_wrong_password_after_a_right_one_is_checked_and_refused() {
        var provider = provider(Duration.ofSeconds(60));
        provider.authenticate(login("alice", "alice-secret"));

        assertThatThrownBy(() -> provider.authenticate(login("alice", "alice-secret-")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(slowChecks).hasValue(2);
        // and the wrong one is never remembered
        assertThatThrownBy(() -> provider.authenticate(login("alice", "alice-secret-")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(slowChecks).hasValue(3);
    }

    @Test
    void a_remembered_password_is_checked_again_once_its_time_is_up() {
        var provider = provider(Duration.ofSeconds(60));
        provider.authenticate(login("alice", "alice-secret"));

        now = now.plusSeconds(61);
        provider.authenticate(login("alice", "alice-secret"));

        assertThat(slowChecks).hasValue(2);
    }

    @Test
    void a_zero_time_to_live_checks_every_request() {
        var provider = provider(Duration.ZERO);

        provider.authenticate(login("alice", "alice-secret"));
        provider.authenticate(login("alice", "alice-secret"));

        assertThat(slowChecks).hasValue(2);
    }
}
