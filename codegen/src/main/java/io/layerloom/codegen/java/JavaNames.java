package io.layerloom.codegen.java;

import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Package and class names for generated source: checked, or derived from a graph's name. */
public final class JavaNames {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** Reserved keywords and literals: never an identifier. */
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "_");

    /** Contextual keywords that may name a package but not a class. */
    private static final Set<String> NOT_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

    private static final int MAX_DERIVED = 64;

    private JavaNames() {
    }

    /** Why {@code name} cannot be the generated class's name, or empty when it can. */
    public static Optional<String> classNameProblem(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            return Optional.of("class name '" + Text.display(name) + "' is not a Java identifier: use ASCII "
                    + "letters, digits, '_' or '$', not starting with a digit (for example 'LeNet5').");
        }
        if (KEYWORDS.contains(name) || NOT_TYPE_NAMES.contains(name)) {
            return Optional.of("class name '" + name + "' is a Java keyword; choose another (for example '"
                    + capitalise(name) + "Network').");
        }
        if (JavaSourceGenerator.importedNames().contains(name)) {
            return Optional.of("class name '" + name + "' is also the name of a class the generated code uses; choose "
                    + "another (for example '" + name + "Network').");
        }
        return Optional.empty();
    }

    /** Why {@code name} cannot be the generated class's package, or empty when it can ("" is the default package). */
    public static Optional<String> packageNameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        for (String part : name.split("\\.", -1)) {
            if (!IDENTIFIER.matcher(part).matches() || KEYWORDS.contains(part)) {
                return Optional.of("package name '" + Text.display(name) + "' is not a Java package name: use "
                        + "dot-separated ASCII identifiers that are not keywords (for example 'com.example.nets'); '"
                        + Text.display(part) + "' is not one.");
            }
        }
        if (name.equals("java") || name.startsWith("java.")) {
            return Optional.of("package name '" + name + "' is reserved for the Java platform; choose another.");
        }
        return Optional.empty();
    }

    /**
     * A class name for a graph: the ASCII letters and digits of its name, each word capitalised
     * ("ResNet-18" is "ResNet18", "my net" is "MyNet"); "Network" when nothing is left, prefixed
     * with "Net" when it starts with a digit, suffixed with "Network" when it would clash.
     */
    public static String classNameFor(String graphName) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < graphName.length(); i++) {
            char c = graphName.charAt(i);
            if (c < 0x80 && Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        StringBuilder name = new StringBuilder();
        for (String w : words) {
            name.append(capitalise(w));
        }
        if (name.length() == 0) {
            return "Network";
        }
        if (Character.isDigit(name.charAt(0))) {
            name.insert(0, "Net");
        }
        if (name.length() > MAX_DERIVED) {
            name.setLength(MAX_DERIVED);
        }
        String candidate = name.toString();
        return classNameProblem(candidate).isPresent() ? candidate + "Network" : candidate;
    }

    private static String capitalise(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
