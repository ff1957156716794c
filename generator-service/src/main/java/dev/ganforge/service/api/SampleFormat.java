package dev.ganforge.service.api;

import java.util.Locale;

/** How samples are returned. */
enum SampleFormat {
    PNG("image/png"),
    JSON("application/json");

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
            throw ProblemException.badRequest("format must be png or json, is '" + text + "'");
        }
    }
}
