package dev.orderly.projection.resource;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

interface ResourceAvailabilityRepository extends JpaRepository<ResourceAvailability, String> {

    List<ResourceAvailability> findByResourceIdGreaterThanOrderByResourceId(String after, Pageable page);
}
