package dev.orderly.axon.aggregate;

import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Axon's repositories, looked up when first asked for: the beans that need them are built while Axon's configuration
 * is still being built from those very beans.
 */
final class LazyRepositoryProvider implements RepositoryProvider {

    private final ObjectProvider<Configuration> axon;

    LazyRepositoryProvider(ObjectProvider<Configuration> axon) {
        this.axon = axon;
    }

    @Override
    public <T> Repository<T> repositoryFor(Class<T> aggregateType) {
        return axon.getObject().repository(aggregateType);
    }
}
