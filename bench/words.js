// Word lists for the generator: everyday English and Spanish mail vocabulary, accents
// included, so bodies exercise UTF-8 through quoted-printable and base64.
export const EN_WORDS =
  `the of and to in is you that it for on with as are this be at have from or by
not but what all were when we there can an your which their said if do will each about how up
out them then she many some so these would other into has more her two like him see time could no
make than first been its who now people my made over did down only way find use may water long
little very after words called just where most know meeting project report budget schedule review
draft update team client invoice order shipping delivery account password attached document please
thanks regards tomorrow today morning afternoon friday monday quarter release server database
backup network deadline proposal contract agenda minutes summary question answer issue ticket`.split(
    /\s+/,
  );

export const ES_WORDS =
  `el la de que y en un ser se no haber por con su para como estar tener le lo todo pero
más hacer o poder decir este ir otro ese si me ya ver porque dar cuando él muy sin vez mucho saber
qué sobre mi alguno mismo yo también hasta año dos querer entre así primero desde grande eso ni
nos llegar pasar tiempo ella sí día uno bien poco deber entonces poner cosa tanto hombre parecer
nuestro tan donde ahora parte después vida quedar siempre creer hablar llevar dejar nada cada seguir
menos nuevo encontrar reunión proyecto informe presupuesto calendario revisión borrador equipo
cliente factura pedido envío entrega cuenta contraseña adjunto documento gracias saludos mañana
hoy tarde viernes lunes trimestre versión servidor copia red plazo propuesta contrato orden
acta resumen pregunta respuesta incidencia añadir señal niño pequeño corazón canción límite`.split(
    /\s+/,
  );

export const FIRST_NAMES =
  `James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty
María José Antonio Carmen Manuel Ana Francisco Laura Javier Isabel Jesús Lucía Alejandro Pilar
Miguel Dolores Rafael Paula Pedro Elena Ángel Cristina Fernando Marta Sergio Raquel Iñaki Begoña`.split(
    /\s+/,
  );

export const LAST_NAMES =
  `Smith Johnson Williams Brown Jones Garcia Miller Davis Wilson Anderson Taylor Thomas
Moore Jackson Martin Lee Thompson White Harris Clark García Fernández González Rodríguez López
Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero
Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina`.split(
    /\s+/,
  );

export const DOMAINS =
  `example.com example.org example.net ejemplo.es empresa.example correo.example
university.example tienda.example news.example.com lists.example.org`.split(/\s+/);
