package org.tiangong.api.upgrade;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes a {@link Table} as CSV (UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly; shares as
 * numbers 0…1; text that a spreadsheet would run as a formula neutralised, see {@link #neutralise}) or XLSX (a header row in bold, frozen; shares formatted as percentages; empty cells for no data).
 */
public final class TableExport {

    public static final String CSV_TYPE = "text/csv; charset=utf-8";
    public static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private TableExport() {}

    public static <T> byte[] csv(Table<T> table, List<T> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(
                        writer,
                        CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            writer.write('\uFEFF');
            printer.printRecord(
                    table.columns().stream().map(Table.Column::header).toList());
            for (Object[] r : table.values(rows)) {
                Object[] cells = new Object[r.length];
                for (int i = 0; i < r.length; i++)
                    cells[i] = r[i] == null ? "" : r[i] instanceof String text ? neutralise(text) : r[i];
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * OWASP CSV injection: a spreadsheet treats a cell that begins with {@code = + - @}, a tab or a carriage return
     * as a formula. Such text (names and towns typed by enterprises) gets a leading apostrophe, which spreadsheets
     * show as plain text and which keeps the rest readable. Numbers are written as numbers and never touched.
     */
    static String neutralise(String text) {
        if (text.isEmpty()) return text;
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }

    public static <T> byte[] xlsx(Table<T> table, List<T> rows) {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(table.title());
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            bold.setWrapText(true);
            CellStyle percent = wb.createCellStyle();
            percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));
            CellStyle number = wb.createCellStyle();
            number.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
            Row head = sheet.createRow(0);
            for (int i = 0; i < table.columns().size(); i++) {
                Cell c = head.createCell(i);
                c.setCellValue(table.columns().get(i).header());
                c.setCellStyle(bold);
                sheet.setColumnWidth(i, 18 * 256);
            }
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (Object[] values : table.values(rows)) {
                Row row = sheet.createRow(r++);
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    if (v == null) continue;
                    Cell c = row.createCell(i);
                    if (v instanceof Number n) {
                        c.setCellValue(n.doubleValue());
                        if (table.columns().get(i).ratio()) c.setCellStyle(percent);
                        else if (!(v instanceof Integer || v instanceof Long)) c.setCellStyle(number);
                    } else if (v instanceof Boolean b) {
                        c.setCellValue(b ? "是 yes" : "否 no");
                    } else {
                        c.setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
