package io.layerloom.app.profile;

import io.layerloom.model.json.PlainJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile as JSON, the contract of {@code layerloom profile --json} (docs/profile.md): times in
 * milliseconds, shares from 0 to 1 that add up to 1 over the nodes and {@code outside}.
 */
public final class ProfileJson {

    /** The contract's version: raised when a field changes meaning or goes away (new fields do not raise it). */
    public static final int VERSION = 1;

    private ProfileJson() {
    }

    public static String render(Profile p) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("profileVersion", VERSION);
        root.put("graph", p.graph());
        root.put("batch", p.batch());
        root.put("warmup", p.warmup());
        root.put("iterations", p.iterations());
        root.put("data", p.data());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", p.machine().cpu());
        machine.put("cores", p.machine().cores());
        machine.put("threads", p.machine().threads());
        machine.put("nd4jBuild", p.machine().build());
        root.put("machine", machine);
        List<Object> nodes = new ArrayList<>();
        for (Profile.NodeTime n : p.nodes()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", n.id());
            o.put("kind", n.kind());
            o.put("compiled", n.compiled());
            o.put("forwardMs", n.forwardMs());
            o.put("backwardMs", n.backwardMs());
            o.put("share", p.share(n));
            o.put("macs", n.macs());
            o.put("gflops", n.gflops().isPresent() ? (Object) n.gflops().getAsDouble() : null);
            nodes.add(o);
        }
        root.put("nodes", nodes);
        Map<String, Object> outside = new LinkedHashMap<>();
        outside.put("dataMs", p.outside().dataMs());
        outside.put("lossMs", p.outside().lossMs());
        outside.put("updaterMs", p.outside().updaterMs());
        outside.put("otherMs", p.outside().otherMs());
        outside.put("totalMs", p.outside().totalMs());
        outside.put("share", p.outsideShare());
        root.put("outside", outside);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("layersMs", p.layersMs());
        totals.put("partsMs", p.partsMs());
        totals.put("wholeIterationMs", p.wholeIterationMs());
        totals.put("gcMsPerIteration", p.gcMs());
        root.put("totals", totals);
        return PlainJson.write(root);
    }
}
