package dev.orderly.axon.aggregate;

import org.axonframework.modelling.command.Repository;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import java.beans.Introspector;
import java.lang.reflect.Modifier;

/**
 * Gives every {@code @Aggregate} a {@link VerifiedCachingRepository}, without the aggregate naming it: the domain
 * module knows no Spring bean. Axon's Spring support uses a bean named {@code <aggregate>Repository} when one exists
 * ({@code SpringAggregateLookup}, which runs later, in the bean-factory phase); this registers exactly that bean,
 * unless one is declared already.
 */
final class AggregateRepositoryRegistrar implements BeanDefinitionRegistryPostProcessor {

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        BeanFactory beans = (BeanFactory) registry;
        for (String name : registry.getBeanDefinitionNames()) {
            Class<?> type = aggregateType(registry.getBeanDefinition(name));
            String repositoryName = type == null ? null : Introspector.decapitalize(type.getSimpleName()) + "Repository";
            if (repositoryName != null && !registry.containsBeanDefinition(repositoryName)) {
                registry.registerBeanDefinition(repositoryName, repository(type, beans));
            }
        }
    }

    private static <T> RootBeanDefinition repository(Class<T> type, BeanFactory beans) {
        RootBeanDefinition repository = new RootBeanDefinition(VerifiedCachingRepository.class,
                () -> beans.getBean(AggregateRepositories.class).repositoryFor(type));
        repository.setTargetType(ResolvableType.forClassWithGenerics(Repository.class, type));
        return repository;
    }

    private static Class<?> aggregateType(BeanDefinition definition) {
        String className = definition.getBeanClassName();
        if (className == null) {
            return null;
        }
        try {
            Class<?> type = ClassUtils.forName(className, AggregateRepositoryRegistrar.class.getClassLoader());
            return type.isAnnotationPresent(Aggregate.class) && !Modifier.isAbstract(type.getModifiers()) ? type
                    : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // everything happens on the registry, before Axon looks for the repositories
    }
}
