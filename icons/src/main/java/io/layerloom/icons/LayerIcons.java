package io.layerloom.icons;

import io.layerloom.model.layer.Family;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.net.URL;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * LayerLoom's icon for each layer kind: 24x24 flat line-art SVG, one colour per family. The
 * kinds and their families are the model's ({@link LayerKinds}), so a new kind needs only its
 * artwork, the resource {@code io/layerloom/icons/<Kind>.svg}; the family colours are
 * {@link FamilyColours}'.
 *
 * <p>Every icon uses only {@code path}, {@code rect}, {@code circle}, {@code line},
 * {@code polyline} and {@code polygon} elements, each with explicit {@code fill} and
 * {@code stroke} attributes, so it converts element by element into JavaFX shapes.
 * Kind and family names are case-sensitive.
 */
public final class LayerIcons {
    private static final List<String> KINDS = LayerKinds.names();
    private static final Map<String, Family> BY_FAMILY = Arrays.stream(Family.values())
            .collect(Collectors.toMap(FamilyColours::id, family -> family, (a, b) -> a, LinkedHashMap::new));
    private static final List<String> FAMILIES = List.copyOf(BY_FAMILY.keySet());
    private static final Map<String, String> SVG_TEXT = new ConcurrentHashMap<>();

    private LayerIcons() {
    }

    /** The kinds that have an icon, in palette order ({@link LayerKinds#names()}); unmodifiable. */
    public static List<String> kinds() {
        return KINDS;
    }

    /**
     * Whether {@code kind} has an icon: it is a layer kind and its SVG is on the classpath;
     * {@code false} for {@code null}.
     */
    public static boolean has(String kind) {
        return kind != null && LayerKinds.byName(kind).isPresent() && LayerIcons.class.getResource(resourceName(kind)) != null;
    }

    /**
     * The SVG text of the icon of {@code kind}.
     *
     * @throws IllegalArgumentException if {@code kind} is not a layer kind
     */
    public static String svg(String kind) {
        String name = lookup(kind).name();
        return SVG_TEXT.computeIfAbsent(name, k -> Resources.readUtf8(Resources.require(resourceName(k))));
    }

    /**
     * Where the SVG of {@code kind} is on the classpath.
     *
     * @throws IllegalArgumentException if {@code kind} is not a layer kind
     */
    public static URL svgResource(String kind) {
        return Resources.require(resourceName(lookup(kind).name()));
    }

    /**
     * The colour family of {@code kind}: one of {@link #families()}.
     *
     * @throws IllegalArgumentException if {@code kind} is not a layer kind
     */
    public static String family(String kind) {
        return FamilyColours.id(lookup(kind).family());
    }

    /** The colour families, in palette order; unmodifiable. */
    public static List<String> families() {
        return FAMILIES;
    }

    /**
     * The colour of {@code family} as {@code "#RRGGBB"}.
     *
     * @throws IllegalArgumentException if {@code family} is not one of {@link #families()}
     */
    public static String familyColour(String family) {
        Objects.requireNonNull(family, "family");
        Family found = BY_FAMILY.get(family);
        if (found == null) {
            throw new IllegalArgumentException("Unknown icon family '" + family + "'"
                    + caseHint(family, FAMILIES) + ". Families are " + String.join(", ", FAMILIES) + ".");
        }
        return FamilyColours.colour(found);
    }

    /** The artwork's resource name relative to this package: the kind's name exactly. */
    static String resourceName(String kind) {
        return kind + ".svg";
    }

    private static LayerKind<?> lookup(String kind) {
        Objects.requireNonNull(kind, "kind");
        return LayerKinds.byName(kind).orElseThrow(() -> new IllegalArgumentException("No icon for layer kind '" + kind
                + "'" + caseHint(kind, KINDS) + ". Kinds with an icon are " + String.join(", ", KINDS) + "."));
    }

    private static String caseHint(String name, List<String> known) {
        return known.stream()
                .filter(candidate -> candidate.equalsIgnoreCase(name))
                .findFirst()
                .map(candidate -> " (names are case-sensitive: did you mean '" + candidate + "'?)")
                .orElse("");
    }
}
