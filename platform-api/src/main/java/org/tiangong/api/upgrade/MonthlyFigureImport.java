package org.tiangong.api.upgrade;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.tiangong.analytics.upgrade.MonthlyFigure;
import org.tiangong.api.http.ApiException;

/**
 * Reads an enterprise's monthly figures from a CSV (UTF-8, with or without BOM, or GB18030 as Excel on a Chinese
 * Windows saves it) or an XLSX file (first sheet). The first row names the columns, in Chinese or English:
 * 月份 month, 工业总产值(万元) output_value_wan, 从业人员 employees, 综合能耗(吨标准煤) energy_tce. Every row is checked;
 * if any is wrong, the import fails with each bad row's number (as the spreadsheet shows it; the header is row 1)
 * and reason, and nothing is stored.
 */
public final class MonthlyFigureImport {

    public static final int MAX_ROWS = 600;
    private static final Pattern MONTH =
            Pattern.compile("\\s*(\\d{4})\\s*(?:-|/|\\.|年)\\s*(\\d{1,2})\\s*(?:月|[-/.]0?1)?\\s*");

    private enum Column {
        MONTH("月份", "month"),
        OUTPUT("产值", "output"),
        EMPLOYEES("从业人员", "人数", "employees"),
        ENERGY("能耗", "energy");

        final String[] names;

        Column(String... names) {
            this.names = names;
        }
    }

    private MonthlyFigureImport() {}

    /** The figures, or a 400 listing every bad row. */
    public static List<MonthlyFigure> parse(byte[] file, YearMonth currentMonth) {
        if (file == null || file.length == 0) throw ApiException.badRequest("the body must be the file: CSV or XLSX");
        List<List<String>> rows = isZip(file) ? xlsx(file) : csv(file);
        return figures(rows, currentMonth);
    }

    private static boolean isZip(byte[] f) {
        return f.length > 4 && f[0] == 'P' && f[1] == 'K' && f[2] == 3 && f[3] == 4;
    }

    private static List<List<String>> csv(byte[] file) {
        String text = decode(file);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser =
                CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get().parse(new StringReader(text))) {
            for (CSVRecord r : parser) {
                if (rows.size() > MAX_ROWS) break;
                List<String> cells = new ArrayList<>();
                r.forEach(cells::add);
                rows.add(cells);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw ApiException.badRequest("the CSV file cannot be read: " + clip(e.getMessage()));
        }
        return rows;
    }

    private static String decode(byte[] file) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(file, Charset.forName("GB18030"));
        }
    }

    private static List<List<String>> xlsx(byte[] file) {
        List<List<String>> rows = new ArrayList<>();
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(file))) {
            if (wb.getNumberOfSheets() == 0) throw ApiException.badRequest("the XLSX file has no sheet");
            Sheet sheet = wb.getSheetAt(0);
            DataFormatter format = new DataFormatter(Locale.ROOT);
            int last = Math.min(sheet.getLastRowNum(), MAX_ROWS + 1);
            for (int i = 0; i <= last; i++) {
                Row row = sheet.getRow(i);
                List<String> cells = new ArrayList<>();
                if (row != null) {
                    for (int c = 0; c < Math.min(row.getLastCellNum(), 50); c++)
                        cells.add(text(row.getCell(c), format));
                }
                rows.add(cells);
            }
        } catch (ApiException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw ApiException.badRequest("the XLSX file cannot be read (is it an Excel 2007+ workbook?)");
        }
        return rows;
    }

    private static String text(Cell cell, DataFormatter format) {
        if (cell == null) return "";
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        if (type == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
            var d = cell.getLocalDateTimeCellValue();
            return d == null ? "" : YearMonth.from(d).toString();
        }
        if (type == CellType.NUMERIC)
            return BigDecimal.valueOf(cell.getNumericCellValue())
                    .stripTrailingZeros()
                    .toPlainString();
        return format.formatCellValue(cell).trim();
    }

    private static List<MonthlyFigure> figures(List<List<String>> rows, YearMonth currentMonth) {
        int header = -1;
        for (int i = 0; i < rows.size(); i++)
            if (!blank(rows.get(i))) {
                header = i;
                break;
            }
        if (header < 0) throw ApiException.badRequest("the file is empty");
        int[] at = columns(rows.get(header), header + 1);
        if (rows.size() > MAX_ROWS + header + 1)
            throw ApiException.badRequest("at most " + MAX_ROWS + " rows per file");
        List<String> errors = new ArrayList<>();
        List<MonthlyFigure> out = new ArrayList<>();
        Set<YearMonth> seen = new HashSet<>();
        for (int i = header + 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (blank(r)) continue;
            int rowNumber = i + 1;
            List<String> problems = new ArrayList<>();
            YearMonth month = month(cell(r, at[0]), currentMonth, problems);
            BigDecimal output = decimal(cell(r, at[1]), "工业总产值 output value (万元)", 2, problems);
            Integer employees = employees(cell(r, at[2]), problems);
            BigDecimal energy = decimal(cell(r, at[3]), "综合能耗 energy (tce)", 3, problems);
            if (month != null && !seen.add(month)) problems.add("month " + month + " appears twice in the file");
            if (problems.isEmpty()) out.add(new MonthlyFigure(month, output, employees, energy));
            else errors.add("row " + rowNumber + ": " + String.join("; ", problems));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors.size() + " row(s) rejected, nothing was imported — "
                    + String.join(" | ", errors.subList(0, Math.min(errors.size(), 50)))
                    + (errors.size() > 50 ? " | …" : ""));
        }
        if (out.isEmpty()) throw ApiException.badRequest("the file has a header but no rows");
        return out;
    }

    private static int[] columns(List<String> header, int rowNumber) {
        int[] at = {-1, -1, -1, -1};
        for (int c = 0; c < header.size(); c++) {
            String h =
                    header.get(c).toLowerCase(Locale.ROOT).replace("\uFEFF", "").trim();
            for (Column col : Column.values()) {
                for (String n : col.names) if (h.contains(n) && at[col.ordinal()] < 0) at[col.ordinal()] = c;
            }
        }
        List<String> missing = new ArrayList<>();
        for (Column col : Column.values())
            if (at[col.ordinal()] < 0) missing.add(col.names[0] + " " + col.names[col.names.length - 1]);
        if (!missing.isEmpty()) {
            throw ApiException.badRequest(
                    "row " + rowNumber + " (header): missing column(s) " + String.join(", ", missing)
                            + "; expected 月份 month, 工业总产值(万元) output_value_wan, 从业人员 employees, 综合能耗(吨标准煤) energy_tce");
        }
        return at;
    }

    private static YearMonth month(String raw, YearMonth current, List<String> problems) {
        Matcher m = MONTH.matcher(raw);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1)), month = Integer.parseInt(m.group(2));
            if (year >= 2000 && month >= 1 && month <= 12) {
                YearMonth ym = YearMonth.of(year, month);
                if (!ym.isAfter(current)) return ym;
                problems.add("month " + ym + " is in the future");
                return null;
            }
        }
        problems.add("月份 month must be like 2026-10, got '" + clip(raw) + "'");
        return null;
    }

    private static BigDecimal decimal(String raw, String what, int decimals, List<String> problems) {
        String s = raw.replace(",", "").trim();
        if (s.matches("[0-9]{1,11}(\\.[0-9]{1," + decimals + "})?")) return new BigDecimal(s);
        problems.add(what + " must be a number ≥ 0 with at most " + decimals + " decimals, got '" + clip(raw) + "'");
        return null;
    }

    private static Integer employees(String raw, List<String> problems) {
        String s = raw.replace(",", "").trim();
        if (s.matches("[0-9]{1,7}") && Integer.parseInt(s) > 0) return Integer.parseInt(s);
        problems.add("从业人员 employees must be a whole number > 0, got '" + clip(raw) + "'");
        return null;
    }

    private static String cell(List<String> row, int index) {
        return index < row.size() && row.get(index) != null ? row.get(index).trim() : "";
    }

    private static boolean blank(List<String> row) {
        return row.stream().allMatch(s -> s == null || s.isBlank());
    }

    private static String clip(String s) {
        if (s == null) return "";
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
