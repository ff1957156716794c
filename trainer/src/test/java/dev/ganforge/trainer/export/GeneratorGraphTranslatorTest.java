package dev.ganforge.trainer.export;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.ganforge.trainer.nn.CurvesGan;
import org.junit.jupiter.api.Test;

class GeneratorGraphTranslatorTest {

    @Test
    void refusesBlocksOutsideTheVocabularyNamingThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block generator = new SequentialBlock()
                    .add(Linear.builder().setUnits(15).build())
                    .add(x -> x);
            generator.initialize(manager, DataType.FLOAT32, new Shape(1, 5));

            UnsupportedBlockException error = assertThrows(UnsupportedBlockException.class,
                    () -> new GeneratorGraphTranslator(new CurvesGan()).translate(generator, "g"));
            assertTrue(error.getMessage().contains("LambdaBlock"), error.getMessage());
        }
    }
}
