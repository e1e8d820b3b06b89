package dev.orderly;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The runnable Orderly node. Every feature module under {@code dev.orderly} is picked up by component scan. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OrderlyApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderlyApplication.class, args);
    }
}
