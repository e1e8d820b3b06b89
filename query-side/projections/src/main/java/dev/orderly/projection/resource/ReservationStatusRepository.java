package dev.orderly.projection.resource;

import dev.orderly.query.resource.ReservationStatus;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

interface ReservationStatusRepository extends JpaRepository<ReservationStatusEntry, String> {

    List<ReservationStatusEntry> findByResourceIdAndStatusOrderByReservationId(String resourceId,
                                                                             ReservationStatus status);

    List<ReservationStatusEntry> findByCustomerIdAndReservationIdGreaterThanOrderByReservationId(String customerId,
                                                                                             String after,
                                                                                             Pageable page);
}
