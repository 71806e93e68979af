package io.trajectory.validation;

import java.text.Normalizer;

/**
 * Character rules for identifiers and free text, and the escaping of input quoted back to a user.
 *
 * <p>An <b>identifier</b> (an eventId, a personId, a department, a skill ...) must not contain a
 * control character (Unicode category Cc), a format character (Cf: bidirectional controls such as
 * U+202E, zero-width characters such as U+200B and U+FEFF, the soft hyphen ...), a line or paragraph
 * separator (Zl, Zp), or an unpaired surrogate: such characters make two different ids look the same,
 * or make an id display as something else. <b>Free text</b> (a title, a reason, a name) keeps format
 * characters (right-to-left scripts need them) but not control characters other than tab, nor unpaired
 * surrogates, which are not characters at all: UTF-8 cannot carry them, and Java's encoder silently
 * writes {@code ?} instead.
 */
public final class Characters {

    /** How many code points of an input an echo shows at most. */
    public static final int EXCERPT_CODE_POINTS = 60;

    private Characters() {
    }

    /** Why {@code value} is not acceptable in an identifier (its first offending code point), or null. */
    public static String identifierProblem(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String kind = switch (Character.getType(cp)) {
                case Character.CONTROL -> "control character";
                case Character.FORMAT -> "format character";
                case Character.LINE_SEPARATOR -> "line separator";
                case Character.PARAGRAPH_SEPARATOR -> "paragraph separator";
                case Character.SURROGATE -> null;
                default -> "";
            };
            if (kind == null) {
                return unpaired(cp);
            }
            if (!kind.isEmpty()) {
                return "must not contain " + kind + " " + describe(cp);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** Why {@code value} is not acceptable as free text (a control character other than tab, an unpaired surrogate), or null. */
    public static String textProblem(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.getType(cp) == Character.SURROGATE) {
                return unpaired(cp);
            }
            if (Character.isISOControl(cp) && cp != '\t') {
                String name = Character.getName(cp);
                return "must not contain control characters (" + String.format("U+%04X", cp)
                        + (name == null ? "" : " " + name) + ")";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private static String unpaired(int cp) {
        return "must not contain an unpaired surrogate " + String.format("U+%04X", cp)
                + " (not a character: UTF-8 cannot encode it)";
    }

    /** {@code U+202E (RIGHT-TO-LEFT OVERRIDE)}. */
    public static String describe(int cp) {
        String name = Character.getName(cp);
        return String.format("U+%04X", cp) + (name == null ? "" : " (" + name + ")");
    }

    /** True when {@code value} is in Unicode normalization form C. */
    public static boolean isNfc(String value) {
        return Normalizer.isNormalized(value, Normalizer.Form.NFC);
    }

    /** {@code value} in Unicode normalization form C (composed: "e" + U+0301 becomes "é"); null stays null. */
    public static String nfc(String value) {
        return value == null || isNfc(value) ? value : Normalizer.normalize(value, Normalizer.Form.NFC);
    }

    /**
     * {@code value} safe to print on a terminal or in a log line: every control, format, separator,
     * surrogate, private-use or unassigned code point, and the backslash, is escaped ({@code \x07},
     * {@code \\}{@code u202E}, {@code \U0001F3F4}, {@code \\}); everything else is kept.
     */
    public static String escape(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length());
        appendEscaped(out, value, value.length());
        return out.toString();
    }

    /**
     * As {@link #escape}, but backslashes are kept as they are: for a message that may already hold
     * escaped excerpts, so that nothing unprintable reaches a terminal whatever else it quotes.
     */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (needsEscape(cp)) {
                appendEscape(out, cp);
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /**
     * A short escaped excerpt of an input: at most {@link #EXCERPT_CODE_POINTS} code points, escaped as
     * by {@link #escape}, with {@code ...} when cut.
     */
    public static String excerpt(String value) {
        if (value == null) {
            return "null";
        }
        int end = value.length();
        if (value.codePointCount(0, value.length()) > EXCERPT_CODE_POINTS) {
            end = value.offsetByCodePoints(0, EXCERPT_CODE_POINTS);
        }
        StringBuilder out = new StringBuilder(Math.min(end, 4 * EXCERPT_CODE_POINTS) + 3);
        appendEscaped(out, value, end);
        if (end < value.length()) {
            out.append("...");
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, String value, int end) {
        for (int i = 0; i < end; ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\') {
                out.append("\\\\");
            } else if (needsEscape(cp)) {
                appendEscape(out, cp);
            } else {
                out.appendCodePoint(cp);
            }
        }
    }

    private static void appendEscape(StringBuilder out, int cp) {
        if (cp < 0x100) {
            out.append(String.format("\\x%02X", cp));
        } else if (cp < 0x10000) {
            out.append(String.format("\\u%04X", cp));
        } else {
            out.append(String.format("\\U%08X", cp));
        }
    }

    private static boolean needsEscape(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
