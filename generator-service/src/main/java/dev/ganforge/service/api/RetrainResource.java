package dev.ganforge.service.api;

import dev.ganforge.service.messaging.RetrainPublisher;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Queues a retraining run for the trainer worker. */
@Path("/api/v1/retrain")
@Tag(name = "training")
public class RetrainResource {

    private final RetrainPublisher publisher;

    public RetrainResource(RetrainPublisher publisher) {
        this.publisher = publisher;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @OperatorOnly
    @SecurityRequirement(name = ApiDefinition.OPERATOR_SCHEME)
    @Operation(summary = "Request retraining",
            description = "Publishes a ganforge.retrain.requested CloudEvent to ganforge.retrain.requests. The "
                    + "trainer worker reports progress and the outcome on ganforge.training.events under the "
                    + "returned id; a successful run arrives here as a new model version.")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(schema = @Schema(implementation = RetrainAccepted.class)))
    @APIResponse(responseCode = "400", description = "Invalid request (every problem listed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or unknown operator token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response retrain(RetrainRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON RetrainRequest body is required");
        }
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest(String.join("; ", problems));
        }
        String id = publisher.publish(request);
        return Response.accepted(new RetrainAccepted(id, EventTypes.RETRAIN_REQUESTED, Topics.RETRAIN_REQUESTS))
                .build();
    }
}
