package org.hemareview.classify;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Which device inference will run on, decided without starting the deep-learning engine (which
 * takes seconds): GPU only when CUDA natives are at hand and an NVIDIA device is present, unless
 * forced with {@code -Dhemareview.device=cpu}. CUDA natives are either bundled by the build
 * ({@code mvn -Pgpu}) or an installed CUDA libtorch that DJL is pointed at with
 * {@code PYTORCH_LIBRARY_PATH} (see docs/gpu.md).
 */
public record ComputeDevice(Kind kind, String reason) {
    public enum Kind { CPU, GPU }

    public static ComputeDevice detect() {
        boolean gpuPresent = Files.exists(Path.of("/dev/nvidia0")) || Files.exists(Path.of("/proc/driver/nvidia/version"));
        String external = System.getenv("PYTORCH_LIBRARY_PATH");
        return decide(System.getProperty("hemareview.device", "auto"), nativesArtifact(), external, gpuPresent);
    }

    /** The decision itself, from the setting, the bundled natives, DJL's library-path override and the hardware. */
    static ComputeDevice decide(String setting, String bundledNatives, String externalLibtorch, boolean gpuPresent) {
        String forced = setting.toLowerCase(Locale.ROOT);
        if (forced.equals("cpu")) {
            return new ComputeDevice(Kind.CPU, "forced by setting");
        }
        boolean external = externalLibtorch != null && !externalLibtorch.isBlank();
        boolean cudaNatives = external ? hasCudaLibtorch(externalLibtorch) : bundledNatives.contains("cu");
        String source = external ? "CUDA libtorch at PYTORCH_LIBRARY_PATH" : "CUDA natives";
        if (cudaNatives && gpuPresent) {
            return new ComputeDevice(Kind.GPU, source + " and an NVIDIA GPU found");
        }
        String why = !cudaNatives
                ? (external ? "PYTORCH_LIBRARY_PATH holds no CUDA libtorch" : "CPU build (use the gpu profile for CUDA)")
                : "no NVIDIA GPU found";
        return new ComputeDevice(Kind.CPU, forced.equals("gpu") ? "GPU requested but " + why : why);
    }

    /** Whether one folder of a path list holds libtorch built with CUDA (DJL loads from the first folder with libtorch). */
    static boolean hasCudaLibtorch(String pathList) {
        for (String folder : pathList.split(File.pathSeparator)) {
            Path dir = Path.of(folder);
            if (Files.isRegularFile(dir.resolve(System.mapLibraryName("torch")))) {
                return Files.isRegularFile(dir.resolve(System.mapLibraryName("torch_cuda")));
            }
        }
        return false;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean ANNOUNCED = new java.util.concurrent.atomic.AtomicBoolean();

    /** One INFO line per process naming the device a model runs on (in place of the engine's CUDA warnings). */
    public static void announce(String device, ComputeDevice decided) {
        if (ANNOUNCED.compareAndSet(false, true)) {
            org.slf4j.LoggerFactory.getLogger(ComputeDevice.class).info("classifying on {} ({})", device, decided.reason());
        }
    }

    public String label() {
        return kind == Kind.GPU ? "GPU (CUDA)" : "CPU";
    }

    static String nativesArtifact() {
        try (InputStream in = ComputeDevice.class.getResourceAsStream("/hemareview-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("natives", "pytorch-native-cpu");
        } catch (IOException e) {
            return "pytorch-native-cpu";
        }
    }
}
