package io.layerloom.app.designer.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** Where the recent-files list lives between runs. */
public interface RecentFilesStore {

    List<Path> load();

    void store(List<Path> files);

    /** A store that forgets everything when the application ends: for tests. */
    static RecentFilesStore inMemory() {
        return new RecentFilesStore() {
            private List<Path> files = List.of();

            @Override
            public List<Path> load() {
                return files;
            }

            @Override
            public void store(List<Path> newFiles) {
                files = List.copyOf(newFiles);
            }
        };
    }

    /** The user's Java preferences (~/.java/.userPrefs on Linux); a broken store only loses the list. */
    static RecentFilesStore preferences() {
        Preferences node = Preferences.userRoot().node("io/layerloom/designer/recent");
        return new RecentFilesStore() {
            @Override
            public List<Path> load() {
                List<Path> files = new ArrayList<>();
                for (int i = 0; ; i++) {
                    String value = node.get("file" + i, null);
                    if (value == null) {
                        return files;
                    }
                    try {
                        files.add(Path.of(value));
                    } catch (RuntimeException badPath) {
                        // skip an entry another system wrote
                    }
                }
            }

            @Override
            public void store(List<Path> files) {
                try {
                    node.clear();
                    for (int i = 0; i < files.size(); i++) {
                        node.put("file" + i, files.get(i).toString());
                    }
                    node.flush();
                } catch (BackingStoreException | IllegalStateException e) {
                    // The list is a convenience; failing to keep it must not disturb the user's work.
                }
            }
        };
    }
}
