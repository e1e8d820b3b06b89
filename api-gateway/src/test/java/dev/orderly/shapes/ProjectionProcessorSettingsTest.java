package dev.orderly.shapes;

import dev.orderly.query.monitor.MonitorStatusView;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentView;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
import dev.orderly.saga.order.OrderFulfilmentSaga;
import dev.orderly.saga.payment.PaymentProcessor;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.EventProcessorProperties.ProcessorSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four projections' processor settings are written once in {@code application.yml} (a YAML anchor and its
 * aliases). Read by Spring Boot's own YAML loader and bound to the properties Axon's auto-configuration reads, each
 * projection still gets every setting it had when they were written out four times, and overriding one projection's
 * key elsewhere changes that projection alone.
 */
class ProjectionProcessorSettingsTest {

    private static final List<String> PROJECTIONS = List.of(ResourceView.PROCESSING_GROUP,
            ReservationView.PROCESSING_GROUP, PaymentView.PROCESSING_GROUP, OrderView.PROCESSING_GROUP);

    @Test
    void every_projection_gets_the_shared_segments_threads_batch_size_and_dead_letter_queue() throws IOException {
        Map<String, ProcessorSettings> processors = processors(Map.of());

        for (String projection : PROJECTIONS) {
            ProcessorSettings settings = processors.get(projection);
            assertThat(settings).as(projection).isNotNull();
            assertThat(settings.getMode()).as(projection).isEqualTo(EventProcessorProperties.Mode.POOLED);
            assertThat(settings.getInitialSegmentCount()).as(projection).isEqualTo(2);
            assertThat(settings.getThreadCount()).as(projection).isEqualTo(2);
            assertThat(settings.getBatchSize()).as(projection).isEqualTo(100);
            assertThat(settings.getDlq().isEnabled()).as(projection).isTrue();
            assertThat(settings.getDlq().getCache().isEnabled()).as(projection).isTrue();
        }
    }

    @Test
    void the_processors_that_are_not_projections_keep_their_own_settings() throws IOException {
        Map<String, ProcessorSettings> processors = processors(Map.of());

        assertThat(processors.get(PaymentProcessor.PROCESSING_GROUP).getBatchSize()).isEqualTo(10);
        assertThat(processors.get(PaymentProcessor.PROCESSING_GROUP).getDlq().isEnabled()).isFalse();
        assertThat(processors.get(MonitorStatusView.PROCESSING_GROUP).getInitialSegmentCount()).isEqualTo(1);
        assertThat(processors.get(OrderFulfilmentSaga.PROCESSING_GROUP).getMode())
                .isEqualTo(EventProcessorProperties.Mode.TRACKING);
        assertThat(processors.get(OrderFulfilmentSaga.PROCESSING_GROUP).getInitialSegmentCount()).isEqualTo(4);
    }

    @Test
    void overriding_one_projections_key_leaves_the_others_at_the_shared_value() throws IOException {
        Map<String, ProcessorSettings> processors = processors(
                Map.of("axon.eventhandling.processors.order-views.batch-size", "7"));

        assertThat(processors.get(OrderView.PROCESSING_GROUP).getBatchSize()).isEqualTo(7);
        assertThat(processors.get(OrderView.PROCESSING_GROUP).getInitialSegmentCount()).isEqualTo(2);
        assertThat(processors.get(PaymentView.PROCESSING_GROUP).getBatchSize()).isEqualTo(100);
        assertThat(processors.get(ResourceView.PROCESSING_GROUP).getBatchSize()).isEqualTo(100);
    }

    /** The processors as Axon's auto-configuration would see them: {@code overrides} first, then the app's YAML. */
    static Map<String, ProcessorSettings> processors(Map<String, Object> overrides) throws IOException {
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new MapPropertySource("overrides", overrides));
        sources.addAll(new YamlPropertySourceLoader().load("application.yml",
                new ClassPathResource("application.yml")));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bind("axon.eventhandling", Bindable.of(EventProcessorProperties.class))
                .orElseThrow(() -> new AssertionError("no axon.eventhandling settings"))
                .getProcessors();
    }
}
