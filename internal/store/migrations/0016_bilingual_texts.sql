-- Texts in the site's two languages (issue 14). A metric's label and
-- definition are written in English, the language of the data; label_ko
-- and definition_ko are their Korean text, written by an editor. A
-- source's title stays as the source wrote it, in the source's language;
-- title_en and title_ko are its title in English and in Korean, empty
-- when the title is already in that language or nobody has translated it.
-- Pages show the text in the reader's language when there is one, else
-- the stored one: nothing is translated by machine. Rows stored before
-- this migration have no translations ('').
ALTER TABLE metrics ADD COLUMN label_ko TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN definition_ko TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN title_ko TEXT NOT NULL DEFAULT '';
