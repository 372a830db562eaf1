package io.layerloom.app.designer.view;

import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.Severity;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/** A diagnostic as a small card: a severity badge, the message and its fixes. */
final class DiagnosticCard {

    private DiagnosticCard() {
    }

    static VBox of(Diagnostic d, Runnable open) {
        Label code = new Label(d.code().name());
        code.getStyleClass().add("diagnostic-code");
        HBox top = new HBox(6, severityDot(d.severity()), code);
        top.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label(d.message());
        message.setWrapText(true);
        message.getStyleClass().add("diagnostic-message");
        VBox card = new VBox(4, top, message);
        for (String fix : d.fixes()) {
            Label f = new Label("\u2192 " + fix);
            f.setWrapText(true);
            f.getStyleClass().add("diagnostic-fix");
            card.getChildren().add(f);
        }
        card.getStyleClass().addAll("diagnostic-card", severityClass(d.severity()));
        card.setOnMouseClicked(e -> open.run());
        VBox.setVgrow(card, Priority.NEVER);
        return card;
    }

    /** A coloured dot whose colour comes from the severity's style class. */
    static Circle severityDot(Severity s) {
        Circle dot = new Circle(4.5);
        dot.getStyleClass().addAll("severity-dot", severityClass(s));
        return dot;
    }

    static String severityClass(Severity s) {
        return "severity-" + s.name().toLowerCase(Locale.ROOT);
    }
}
