package dev.orderly.gateway.ops;

import dev.orderly.command.notice.SendResourceNoticeCommand;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.gateway.AggregateLookup;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.query.notice.FindNoticeQuery;
import dev.orderly.query.notice.NoticeView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** Bulk notices to the holders of a resource: one e-mail each, never twice, with every send on the record. */
@RestController
@Tag(name = "Operations")
class NoticeController {

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final AggregateLookup aggregates;

    NoticeController(CommandGateway commandGateway, QueryGateway queryGateway, AggregateLookup aggregates) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.aggregates = aggregates;
    }

    /**
     * @param noticeId optional; sending the same notice again (same id) reaches nobody twice
     */
    record SendNotice(UUID noticeId,
                      @NotBlank @Size(max = 100) String operator,
                      @NotBlank @Size(max = 200) String subject,
                      @NotBlank @Size(max = 10_000) String body) {
    }

    @PostMapping("/api/ops/resources/{resourceId}/notices")
    @Operation(operationId = "sendResourceNotice", summary = "E-mail every holder of a resource, once each",
            description = "Retry with the same `noticeId` safely: nobody is reached twice.")
    @ApiResponse(responseCode = "202", description = "Accepted: the e-mails go out; `Location` shows each one.",
            headers = @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION))
    ResponseEntity<NoticeView> send(@PathVariable UUID resourceId, @Valid @RequestBody SendNotice request) {
        if (!aggregates.exists(resourceId.toString(), "Resource")) {
            throw ApiProblem.notFound("resource " + resourceId);
        }
        String noticeId = (request.noticeId() == null ? UUID.randomUUID() : request.noticeId()).toString();
        commandGateway.sendAndWait(new SendResourceNoticeCommand(noticeId, new ResourceId(resourceId),
                request.subject(), request.body(), request.operator()));
        return ResponseEntity.accepted().location(URI.create("/api/ops/notices/" + noticeId)).body(find(noticeId));
    }

    @GetMapping("/api/ops/notices/{noticeId}")
    @Operation(operationId = "getNotice", summary = "A notice, per recipient: SENT, PENDING or GIVEN_UP")
    NoticeView get(@PathVariable UUID noticeId) {
        NoticeView notice = find(noticeId.toString());
        if (notice.recipients().isEmpty()) {
            throw ApiProblem.notFound("notice " + noticeId);
        }
        return notice;
    }

    private NoticeView find(String noticeId) {
        return queryGateway.query(new FindNoticeQuery(noticeId), ResponseTypes.instanceOf(NoticeView.class)).join();
    }
}
