package io.layerloom.app.cli;

import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.util.Suggest;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code --fit} and {@code --normalization} on top of the file's "fit" and "normalization". */
final class PreparationOptions {

    private PreparationOptions() {
    }

    static DataPreparation apply(CommandLine cl, DataPreparation file, String fit, String normalization) {
        DataPreparation p = file;
        if (fit != null) {
            p = p.withFit(java.util.Optional.of(DataPreparation.fit(fit).orElseThrow(() -> new ParameterException(cl,
                    "--fit takes pad, resize or crop, not '" + fit + "'." + Suggest.didYouMean(fit, DataPreparation.FIT_NAMES)))));
        }
        if (normalization != null) {
            p = p.withNormalization(switch (normalization) {
                case "auto" -> DataPreparation.Normalization.AUTO;
                case "none" -> DataPreparation.Normalization.NONE;
                default -> throw new ParameterException(cl, "--normalization takes auto or none, not '" + normalization + "'."
                        + Suggest.didYouMean(normalization, java.util.List.of("auto", "none"))
                        + " Give fixed values in the file: \"normalization\": {\"mean\": [...], \"std\": [...]}.");
            });
        }
        return p;
    }
}
