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

    @Bean
    FilterRegistrationBean<AddressRateLimitFilter> addressRateLimit(RateLimitBuckets buckets,
                                                                    SecurityProperties security) {
        FilterRegistrationBean<AddressRateLimitFilter> registration =
                new FilterRegistrationBean<>(new AddressRateLimitFilter(buckets, security.mode()));
        registration.setOrder(BEFORE_SECURITY);
        return registration;
    }
}
