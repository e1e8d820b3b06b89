package dev.orderly.gateway.ratelimit;

import dev.orderly.gateway.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the per-address limit in front of Spring Security's filter chain, which is where passwords are checked. */
@Configuration
class RateLimitConfiguration {

    /** Right before Spring Security's filter chain (Boot's {@code SecurityProperties}, not ours, says where). */
    private static final int BEFORE_SECURITY =
            org.springframework.boot.autoconfigure.security.SecurityProperties.DEFAULT_FILTER_ORDER - 1;

    /** The per-address budget, which the GraphQL WebSocket's {@code connection_init} check takes failures from too. */
    @Bean
    AddressBudget addressBudget(RateLimitBuckets buckets) {
        return new AddressBudget(buckets);
    }

    @Bean
    FilterRegistrationBean<AddressRateLimitFilter> addressRateLimit(AddressBudget budget,
                                                                    SecurityProperties security) {
        FilterRegistrationBean<AddressRateLimitFilter> registration =
                new FilterRegistrationBean<>(new AddressRateLimitFilter(budget, security.mode()));
        registration.setOrder(BEFORE_SECURITY);
        return registration;
    }
}
