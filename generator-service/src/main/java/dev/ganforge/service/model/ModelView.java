package dev.ganforge.service.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A model name and every version received for it, newest first.
 *
 * @param activeVersion the serving version, null when none can serve
 * @param activeBecause {@code newest} or {@code pinned}; null when nothing serves
 * @param pinnedVersion the operator's pin, null when following the newest version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(String name, Long activeVersion, String activeBecause, Long pinnedVersion,
                        List<ModelVersionView> versions) {
}
