import csv
import io

from hublocal.core.csvexport import BOM, csv_chunks, csv_response


def test_csv_starts_with_a_bom_and_neutralises_formulas():
    text = "".join(csv_chunks([["nombre", "valor"], ["=HYPERLINK(1)", 3], [None, "-2+3"], ["Ñuñoa", 1.5]]))
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[len(BOM) :])))
    assert rows == [["nombre", "valor"], ["'=HYPERLINK(1)", "3"], ["", "'-2+3"], ["Ñuñoa", "1.5"]]


def test_csv_response_is_a_streamed_attachment():
    response = csv_response([["a"], ["b"]], "datos.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="datos.csv"'
    assert b"".join(response.streaming_content).decode("utf-8") == BOM + "a\r\nb\r\n"
