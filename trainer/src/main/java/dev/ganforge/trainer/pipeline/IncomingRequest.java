package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A record from the requests topic, read as far as it goes: the id when there is one, and either the request
 * or every reason it cannot be run.
 *
 * @param id       the CloudEvent id, or null when the record is not readable enough to have one
 * @param request  the request when {@code problems} is empty
 * @param problems every reason to reject it
 */
record IncomingRequest(String id, RetrainRequest request, List<String> problems) {

    private static final int MAX_ID_LENGTH = 200;

    IncomingRequest {
        problems = List.copyOf(problems);
    }

    boolean valid() {
        return problems.isEmpty();
    }

    /** This request, or, when {@code check} objects to it, its rejection with those reasons. */
    IncomingRequest checkedBy(Function<RetrainRequest, List<String>> check) {
        if (!valid()) {
            return this;
        }
        List<String> objections = check.apply(request);
        return objections.isEmpty() ? this : new IncomingRequest(id, null, objections);
    }

    static IncomingRequest parse(byte[] value) {
        if (value == null || value.length == 0) {
            return new IncomingRequest(null, null, List.of("record value is empty"));
        }
        CloudEvent event;
        try {
            event = CloudEvent.parse(new String(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // parse() joins every envelope problem with "; "
            List<String> problems = List.of(e.getMessage().split("; "));
            return new IncomingRequest(null, null, problems);
        }
        List<String> problems = new ArrayList<>();
        String id = event.id();
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            problems.add("id must be at most " + MAX_ID_LENGTH + " characters without control characters");
            id = null;
        }
        if (!EventTypes.RETRAIN_REQUESTED.equals(event.type())) {
            problems.add("type must be " + EventTypes.RETRAIN_REQUESTED + ", got " + event.type());
        }
        RetrainRequest request = null;
        if (event.data() == null || event.data().isNull()) {
            problems.add("data is required");
        } else {
            try {
                request = event.dataAs(RetrainRequest.class);
                problems.addAll(request.problems());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return new IncomingRequest(id, problems.isEmpty() ? request : null, problems);
    }
}
