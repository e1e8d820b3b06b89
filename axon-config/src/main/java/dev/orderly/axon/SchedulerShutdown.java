package dev.orderly.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Arrays;

/**
 * Stops db-scheduler on shutdown while Axon still runs. The starter stops it as its bean is destroyed, after every
 * lifecycle has stopped, Axon's included: a job still running then (a picklist telling its order that picking
 * started, say) found no handler for its command and failed. Stopped here instead, after the web server and before
 * Axon, it lets running jobs finish (up to {@code db-scheduler.shutdown-max-wait}) with everything they use still up.
 */
@Configuration(proxyBeanMethods = false)
public class SchedulerShutdown {

    /** Below the web server's lifecycles (from {@code Integer.MAX_VALUE - 1024}), above Axon's (- 3072). */
    static final int PHASE = Integer.MAX_VALUE - 2560;

    /** The scheduler is stopped by the lifecycle below, once: a second stop() would only warn that it is stopping. */
    @Bean
    static BeanFactoryPostProcessor schedulerNotStoppedOnDestroy() {
        return beanFactory -> Arrays.stream(beanFactory.getBeanNamesForType(Scheduler.class, true, false))
                .forEach(name -> beanFactory.getBeanDefinition(name).setDestroyMethodName(null));
    }

    @Bean
    SmartLifecycle schedulerStopsBeforeAxon(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                // db-scheduler's starter starts the scheduler itself, once the context is ready.
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return PHASE;
            }
        };
    }
}
