package org.hemareview.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.io.Csv;
import org.hemareview.train.CellTable;
import org.hemareview.train.CropDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code embed}: a model's pooled features (the 256 numbers the center loss clusters) and raw class
 * scores for every found cell of a cell table, one CSV row per cell with its lab, group and part.
 * For analysis outside the product (how labs and classes lie in the feature space, few-shot
 * adaptation prototypes); nothing in the product reads the file.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, description = "Write a model's pooled features and class scores for each cell of a cell table (CSV).")
final class EmbedCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Model package (default: the bundled model).")
    Path model;

    @Option(names = "--cells", required = true, paramLabel = "CELLS.csv")
    Path cells;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv")
    Path out;

    @Override
    public Integer call() throws Exception {
        CellTable table = CellTable.read(cells);
        List<CellTable.Row> rows = table.rows().stream().filter(CellTable.Row::found).toList();
        try (CellClassifier classifier = CellClassifier.load(ModelOption.resolve(model), ComputeDevice.detect())) {
            List<String> classes = CellTable.classesOf(rows);
            org.hemareview.io.AtomicFiles.write(out, stream -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                w.write("path,class,lab,group,part,kind,values\n");
                for (int start = 0; start < rows.size(); start += 512) {
                    int end = Math.min(rows.size(), start + 512);
                    // a chunk at a time: a whole table at the input size would hold every crop in memory at once
                    CellClassifier.Embedding e = classifier.embed(
                            CropDataset.load(table, rows.subList(start, end), classes, classifier.manifest().inputSize()).images());
                    for (int i = start; i < end; i++) {
                        CellTable.Row r = rows.get(i);
                        String head = Stream.of(r.path(), r.cls(), r.lab(), r.group(), r.part()).map(Csv::field).collect(Collectors.joining(","));
                        w.write(head + ",pooled," + join(e.pooled()[i - start]) + "\n");
                        w.write(head + ",logits," + join(e.logits()[i - start]) + "\n");
                    }
                    System.err.printf(Locale.ROOT, "%d of %d cells%n", end, rows.size());
                }
                w.flush();
            });
        }
        System.out.println(rows.size() + " cells written to " + out);
        return 0;
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.5g", v[i]));
        }
        return sb.toString();
    }
}
