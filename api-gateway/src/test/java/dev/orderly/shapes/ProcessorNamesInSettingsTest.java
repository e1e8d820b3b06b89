package dev.orderly.shapes;

import org.axonframework.config.ProcessingGroup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.orderly.shapes.ProjectionProcessorSettingsTest.processors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys under {@code axon.eventhandling.processors} in {@code application.yml} are processor names, which YAML
 * cannot take from the constants the code uses. A misspelt key fails nowhere: Axon builds the real processor with
 * its defaults (one segment, no dead-letter queue) and ignores the settings. So every key must be the processing
 * group of a handler class, read from the {@code @ProcessingGroup} annotations Axon registers processors by.
 */
class ProcessorNamesInSettingsTest {

    @Test
    void every_processor_configured_in_application_yml_is_the_processing_group_of_a_handler() throws IOException {
        assertThat(unknownProcessors(Map.of())).isEmpty();
    }

    @Test
    void a_misspelt_processor_key_is_caught() throws IOException {
        assertThat(unknownProcessors(Map.of("axon.eventhandling.processors.order-veiws.batch-size", "7")))
                .containsExactly("order-veiws");
    }

    private static Set<String> unknownProcessors(Map<String, Object> overrides) throws IOException {
        Set<String> unknown = new TreeSet<>(processors(overrides).keySet());
        unknown.removeAll(processingGroups());
        return unknown;
    }

    /** Every {@code @ProcessingGroup} on a class of ours: the projections, the payment processor, the saga. */
    private static Set<String> processingGroups() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ProcessingGroup.class));
        Set<String> groups = scanner.findCandidateComponents("dev.orderly").stream()
                .map(BeanDefinition::getBeanClassName)
                .map(ProcessorNamesInSettingsTest::load)
                .map(type -> type.getAnnotation(ProcessingGroup.class).value())
                .collect(Collectors.toSet());
        assertThat(groups).as("processing groups found on the classpath").isNotEmpty();
        return groups;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException notOnTheClasspath) {
            throw new AssertionError(name, notOnTheClasspath);
        }
    }
}
