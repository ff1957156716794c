package dev.ganforge.service.api;

import dev.ganforge.shared.model.NpyFormat;
import java.util.Locale;

/** How samples are returned. */
enum SampleFormat {
    PNG("image/png"),
    JSON("application/json"),
    NPY(NpyFormat.MEDIA_TYPE);

    final String mediaType;

    SampleFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    static SampleFormat parse(String text) {
        if (text == null || text.isBlank()) {
            return PNG;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("format must be png, json or npy, is '" + text + "'");
        }
    }
}
