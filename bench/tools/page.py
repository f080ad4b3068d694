"""Writes the bench's legacy page: HTML of exactly SIZE bytes.  Usage: page.py PATH SIZE"""
import sys


def page(size):
    head = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Bench page</title></head>\n<body>\n<h1>Legacy admin</h1>\n'
    tail = '<p id="bench-end">end of bench page</p>\n</body></html>\n'
    line = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n"
    lines = (size - len(head) - len(tail)) // len(line)
    filler = size - len(head) - len(tail) - lines * len(line)
    text = head + line * lines + " " * filler + tail
    assert len(text.encode()) == size
    return text


if __name__ == "__main__":
    path, size = sys.argv[1], int(sys.argv[2])
    with open(path, "w", encoding="utf-8") as out:
        out.write(page(size))
