package dev.orderly.gateway.ratelimit;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the per-address limit in front of Spring Security's filter chain, which is where passwords are checked. */
@Configuration
class RateLimitConfiguration {

    @Bean
    FilterRegistrationBean<AddressRateLimitFilter> addressRateLimit(RateLimitBuckets buckets) {
        FilterRegistrationBean<AddressRateLimitFilter> registration =
                new FilterRegistrationBean<>(new AddressRateLimitFilter(buckets));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }
}
