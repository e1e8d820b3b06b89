package dev.orderly.gateway.security;

/**
 * The per-address budget of failed logins, for the doors that check a password outside Spring Security's filter
 * chain (a GraphQL WebSocket's {@code connection_init}): the same budget as HTTP's, so that a guesser gains nothing
 * by switching doors, and an address out of it is refused before its password is hashed.
 */
public interface FailedLogins {

    /** No limit: rate limiting is switched off. */
    FailedLogins NONE = new FailedLogins() {
        @Override
        public boolean exhausted(String address) {
            return false;
        }

        @Override
        public void failed(String address) {
        }
    };

    /** Whether the address has no failed login left: refuse it without checking what it sent. */
    boolean exhausted(String address);

    /** Counts a failed login from the address. */
    void failed(String address);
}
