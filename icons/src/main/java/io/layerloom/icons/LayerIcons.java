package io.layerloom.icons;

import java.net.URL;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * LayerLoom's icon for each layer kind: 24x24 flat line-art SVG, one colour per family.
 *
 * <p>Every icon uses only {@code path}, {@code rect}, {@code circle}, {@code line},
 * {@code polyline} and {@code polygon} elements, each with explicit {@code fill} and
 * {@code stroke} attributes, so it converts element by element into JavaFX shapes.
 * Kind and family names are case-sensitive.
 */
public final class LayerIcons {
    private static final Map<String, KindIcon> BY_KIND = Arrays.stream(KindIcon.values())
            .collect(Collectors.toMap(icon -> icon.kind, icon -> icon, (a, b) -> a, LinkedHashMap::new));
    private static final Map<String, Family> BY_FAMILY = Arrays.stream(Family.values())
            .collect(Collectors.toMap(family -> family.id, family -> family, (a, b) -> a, LinkedHashMap::new));
    private static final List<String> KINDS = List.copyOf(BY_KIND.keySet());
    private static final List<String> FAMILIES = List.copyOf(BY_FAMILY.keySet());
    private static final Map<String, String> SVG_TEXT = new ConcurrentHashMap<>();

    private LayerIcons() {
    }

    /** The kinds that have an icon, in palette order; unmodifiable. */
    public static List<String> kinds() {
        return KINDS;
    }

    /** Whether {@code kind} has an icon; {@code false} for {@code null}. */
    public static boolean has(String kind) {
        return kind != null && BY_KIND.containsKey(kind);
    }

    /**
     * The SVG text of the icon of {@code kind}.
     *
     * @throws IllegalArgumentException if {@code kind} has no icon
     */
    public static String svg(String kind) {
        KindIcon icon = lookup(kind);
        return SVG_TEXT.computeIfAbsent(icon.kind, k -> Resources.readUtf8(Resources.require(icon.resourceName())));
    }

    /**
     * Where the SVG of {@code kind} is on the classpath.
     *
     * @throws IllegalArgumentException if {@code kind} has no icon
     */
    public static URL svgResource(String kind) {
        return Resources.require(lookup(kind).resourceName());
    }

    /**
     * The colour family of {@code kind}: one of {@link #families()}.
     *
     * @throws IllegalArgumentException if {@code kind} has no icon
     */
    public static String family(String kind) {
        return lookup(kind).family.id;
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
        return found.colour;
    }

    private static KindIcon lookup(String kind) {
        Objects.requireNonNull(kind, "kind");
        KindIcon icon = BY_KIND.get(kind);
        if (icon == null) {
            throw new IllegalArgumentException("No icon for layer kind '" + kind + "'"
                    + caseHint(kind, KINDS) + ". Kinds with an icon are " + String.join(", ", KINDS) + ".");
        }
        return icon;
    }

    private static String caseHint(String name, List<String> known) {
        return known.stream()
                .filter(candidate -> candidate.equalsIgnoreCase(name))
                .findFirst()
                .map(candidate -> " (names are case-sensitive: did you mean '" + candidate + "'?)")
                .orElse("");
    }
}
