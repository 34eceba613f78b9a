package org.tiangong.collector.config;

/** A configuration file that cannot be used. The message names the file, the line and the key. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{file}:{line}: key '{key}': {problem}" — the form every config error takes. */
    public static ConfigException at(String file, int line, String key, String problem) {
        String where = line > 0 ? file + ":" + line : file;
        return new ConfigException(where + ": key '" + key + "': " + problem);
    }
}
