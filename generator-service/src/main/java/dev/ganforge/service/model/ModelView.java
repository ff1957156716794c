package dev.ganforge.service.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ganforge.shared.contract.ModelRouting;
import java.util.List;

/**
 * A model name and every version received for it, newest first.
 *
 * @param activeVersion the serving version, null when none can serve
 * @param activeBecause {@code newest}, {@code pinned} or {@code canary-stable}; null when nothing serves
 * @param pinnedVersion the operator's pin, null when following the newest version
 * @param routing       what operators set (control topic): newest, pinned, or a canary split with its weight
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(String name, Long activeVersion, String activeBecause, Long pinnedVersion,
                        ModelRouting routing, List<ModelVersionView> versions) {
}
