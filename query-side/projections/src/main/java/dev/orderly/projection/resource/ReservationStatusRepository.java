package dev.orderly.projection.resource;

import org.springframework.data.jpa.repository.JpaRepository;

interface ReservationStatusRepository extends JpaRepository<ReservationStatusEntry, String> {
}
