package dev.ganforge.service.testing;

import java.util.ArrayList;
import java.util.List;

/** Between float arrays and the lists that JSON bodies (RestAssured, Jackson) hold. */
public final class FloatLists {

    private FloatLists() {
    }

    public static List<Float> toList(float[] values) {
        List<Float> list = new ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    public static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
