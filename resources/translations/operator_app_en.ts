<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ru_RU">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="31"/>
        <source>О программе</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="34"/>
        <source>ЕКЦ — рабочее место оператора, версия {0}</source>
        <translation>EKC operator workstation, version {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="47"/>
        <source>Сервер:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="49"/>
        <source>{0} — вход хранится защищённо</source>
        <translation>{0}: the login is kept securely</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="51"/>
        <source>{0} — не используется: {1}</source>
        <translation>{0}: not used: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="55"/>
        <source>Хранилище паролей:</source>
        <translation>Password store:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="56"/>
        <source>Звук:</source>
        <translation>Sound:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="56"/>
        <source>проверяется…</source>
        <translation>checking…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="57"/>
        <source>Журналы:</source>
        <translation>Logs:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="58"/>
        <source>Данные:</source>
        <translation>Data:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="61"/>
        <source>Среда:</source>
        <translation>Runtime:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="67"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="77"/>
        <source>состояние неизвестно</source>
        <translation>state unknown</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="79"/>
        <source>доступен: устройств ввода {0}, вывода {1}</source>
        <translation>available: {0} input and {1} output devices</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/about.py" line="85"/>
        <source>недоступен: {0}</source>
        <translation>unavailable: {0}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../operator_app/ui/app.py" line="90"/>
        <source>Запуск демо-режима: локальный сервер маршрутизации и имитация обращений…</source>
        <extracomment>--lang wins over the saved choice for this run</extracomment>
        <translation>Starting the demo: a local routing server and simulated contacts…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/app.py" line="98"/>
        <source>ЕКЦ — демо-режим</source>
        <translation>EKC — demo mode</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/app.py" line="110"/>
        <source>Демо-режим не запустился</source>
        <translation>The demo did not start</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/app.py" line="123"/>
        <source>Демо-режим: {0}</source>
        <translation>Demo mode: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/app.py" line="125"/>
        <source>Сервер: {0}</source>
        <translation>Server: {0}</translation>
    </message>
</context>
<context>
    <name>BoardActions</name>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="52"/>
        <source>Тревога подтверждена.</source>
        <translation>Alarm acknowledged.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="59"/>
        <source>Режим работы: {0}.</source>
        <translation>Work mode: {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="78"/>
        <source>Перевести в «готов»</source>
        <translation>Set to “ready”</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="79"/>
        <source>Перевести в «не готов»</source>
        <translation>Set to “not ready”</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="80"/>
        <source>Отправить на перерыв</source>
        <translation>Send on a break</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="83"/>
        <source>Завершить сеанс оператора</source>
        <translation>Log the operator out</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="85"/>
        <source>Назначить на первую линию</source>
        <translation>Assign to first-line work</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="87"/>
        <source>Вернуть на свою линию</source>
        <translation>Back to their own line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="89"/>
        <source>Сообщение оператору…</source>
        <translation>Message to the operator…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="92"/>
        <source>Наблюдать за обращением {0}…</source>
        <translation>Follow contact {0}…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="97"/>
        <source>Подсказка по обращению {0}…</source>
        <translation>Whisper on contact {0}…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="105"/>
        <source>Состояние оператора {0} изменено.</source>
        <translation>Operator {0}&apos;s state changed.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="133"/>
        <source>Назначение сотрудника {0} изменено.</source>
        <translation>{0}&apos;s assignment changed.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="145"/>
        <source>Обращение {0} не найдено. Проверьте номер.</source>
        <translation>Contact {0} not found. Check the number.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="152"/>
        <source>Обращение {0} оценено: {1} %.</source>
        <translation>Contact {0} scored: {1} %.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="163"/>
        <source>Сеанс оператора {0} завершён.</source>
        <translation>Operator {0} logged out.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="168"/>
        <source>Сообщение группе</source>
        <translation>Team message</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="170"/>
        <source>Сообщение оператору {0}</source>
        <translation>Message to operator {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="172"/>
        <source>Текст сообщения:</source>
        <translation>Message text:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="179"/>
        <source>Сообщение отправлено.</source>
        <translation>Message sent.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="185"/>
        <source>Подсказка оператору</source>
        <translation>Whisper to the operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="186"/>
        <source>Подсказку видит только оператор, гражданин — нет:</source>
        <translation>Only the operator sees the whisper, the citizen does not:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="193"/>
        <source>Подсказка отправлена.</source>
        <translation>Whisper sent.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="202"/>
        <source>Переназначить оператору</source>
        <translation>Reassign to operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="214"/>
        <source>Обращение переназначено.</source>
        <translation>Contact reassigned.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="225"/>
        <source>Отчёт за смену готовится…</source>
        <translation>Preparing the shift report…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="235"/>
        <source>Отчёт сохранён: {0}, {1}</source>
        <translation>Report saved: {0}, {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/actions.py" line="241"/>
        <source>Не удалось записать файл отчёта ({0}). Выберите другую папку.</source>
        <translation>Could not write the report file ({0}). Choose another folder.</translation>
    </message>
</context>
<context>
    <name>CallControls</name>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="83"/>
        <source>Время разговора</source>
        <extracomment>makes the microphone of a call for its meter (None: no microphone, e.g. in tests)</extracomment>
        <translation>Talk time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="87"/>
        <source>Завершить звонок</source>
        <translation>End call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="88"/>
        <source>Завершить разговор и перейти к завершению (Ctrl+E)</source>
        <translation>End the conversation and go to wrap-up (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="89"/>
        <source>Перевести…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="90"/>
        <source>Перевести оператору или в очередь (Ctrl+T)</source>
        <translation>Transfer to an operator or a queue (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="93"/>
        <source>Консультация супервизора: звонок на удержание, запрос помощи (Ctrl+Shift+S)</source>
        <translation>Consult the supervisor: the call goes on hold, a help request is sent (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="131"/>
        <source>Вернуть</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="131"/>
        <source>Удержание</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="133"/>
        <source>Вернуть звонок с удержания (F8)</source>
        <translation>Take the call off hold (F8)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="135"/>
        <source>Поставить звонок на удержание (F8)</source>
        <translation>Put the call on hold (F8)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="154"/>
        <source>Разговор окончен · {0}</source>
        <translation>Call ended · {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="158"/>
        <source>На удержании {0} · разговор {1}</source>
        <translation>On hold {0} · talk {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="162"/>
        <source>Разговор {0}</source>
        <translation>Talk {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/call_controls.py" line="91"/>
        <source>Консультация…</source>
        <translation>Consult…</translation>
    </message>
</context>
<context>
    <name>CallMicrophone</name>
    <message>
        <location filename="../../operator_app/ui/call_microphone.py" line="98"/>
        <source>Микрофон недоступен</source>
        <extracomment>how often the meter is redrawn from the latest reading why the microphone cannot be measured (&quot;&quot; while it is, or before it started)</extracomment>
        <translation>Microphone unavailable</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/call_microphone.py" line="106"/>
        <source>Микрофон «{0}» отключён или не отвечает</source>
        <translation>The microphone “{0}” is unplugged or not responding</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../operator_app/ui/monitor/charts.py" line="36"/>
        <source>Поступило за 5 мин</source>
        <translation>Arrived per 5 min</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/charts.py" line="37"/>
        <source>Ждут ответа</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/charts.py" line="38"/>
        <source>Уровень обслуживания, % (за 5 мин)</source>
        <translation>Service level, % (per 5 min)</translation>
    </message>
</context>
<context>
    <name>CheckedField</name>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="92"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="100"/>
        <source>Введено не полностью</source>
        <translation>Not complete yet</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="98"/>
        <source>Заполните поле</source>
        <translation>Fill in this field</translation>
    </message>
</context>
<context>
    <name>CitizenCardPane</name>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="82"/>
        <source>Обращения гражданина</source>
        <translation>The citizen&apos;s contacts</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="80"/>
        <source>Дата</source>
        <extracomment>a history row&apos;s background by where it came from, as a theme colour&apos;s name: the contact this one continues is marked like an offered row, one found by number like a pale yellow row the current contact now resumes an earlier one: its fresh Conversation the contact found by number for the current contact (kept across its refreshes)</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="80"/>
        <source>Номер</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="80"/>
        <source>Канал · категория</source>
        <translation>Channel · category</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="80"/>
        <source>Результат</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="92"/>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="93"/>
        <source>Номер обращения</source>
        <translation>Contact number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="95"/>
        <source>Найти</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="96"/>
        <source>Найти обращение по номеру (Ctrl+Shift+N)</source>
        <translation>Find a contact by its number (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="173"/>
        <source>Представился</source>
        <translation>Stated name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="173"/>
        <source>не назвался</source>
        <translation>not given</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="176"/>
        <source>Телефон</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="178"/>
        <source>Эл. почта</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="180"/>
        <source>Регион</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="180"/>
        <source>не указан</source>
        <translation>not given</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="182"/>
        <source>IVR</source>
        <translation>IVR</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="184"/>
        <source>СНИЛС из IVR</source>
        <translation>SNILS from IVR</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="186"/>
        <source>Продолжает</source>
        <translation>Resumes</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="199"/>
        <source>Других обращений с этого телефона нет.</source>
        <translation>No other contacts from this phone.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="242"/>
        <source>Текущее обращение продолжает это</source>
        <translation>The current contact resumes this one</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="243"/>
        <source>Найдено по номеру</source>
        <translation>Found by number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="244"/>
        <source>С того же телефона</source>
        <translation>From the same phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="264"/>
        <source>загрузка…</source>
        <translation>loading…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="291"/>
        <source>история пуста</source>
        <translation>no history</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="316"/>
        <source>Поиск…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="327"/>
        <source>Обращение {0} не найдено.</source>
        <translation>Contact {0} not found.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="332"/>
        <source>Найдено обращение {0}. Проверьте историю и нажмите «{1}».</source>
        <translation>Found contact {0}. Check its history and press “{1}”.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="385"/>
        <source>Нет связи: связь с обращением {0} будет сохранена позже.</source>
        <translation>Offline: the link to contact {0} will be saved later.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="391"/>
        <source>Обращение продолжает {0}.</source>
        <translation>The contact resumes {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="97"/>
        <source>Продолжить</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="100"/>
        <source>Продолжить выбранное обращение: связать с ним текущее, его история пойдёт вместе с текущим</source>
        <translation>Resume the selected contact: link the current one to it; its history goes along with the current one</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="201"/>
        <source>Телефон неизвестен: найдите обращение по номеру.</source>
        <translation>No phone known: find the contact by its number.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="280"/>
        <source>Заметки: {0}</source>
        <translation>Notes: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/citizen_card.py" line="167"/>
        <source>Нет обращения</source>
        <translation>No contact</translation>
    </message>
</context>
<context>
    <name>ConsultDialog</name>
    <message>
        <location filename="../../operator_app/ui/dialogs/consult.py" line="18"/>
        <source>Консультация супервизора · {0}</source>
        <translation>Consult the supervisor · {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/consult.py" line="23"/>
        <source>Звонок будет поставлен на удержание, супервизор получит запрос помощи. Верните звонок кнопкой «Вернуть» (F8).</source>
        <translation>The call goes on hold and the supervisor gets a help request. Take the call back with “Resume” (F8).</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/consult.py" line="27"/>
        <source>Супервизор получит запрос помощи по этому обращению.</source>
        <translation>The supervisor gets a help request about this contact.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/consult.py" line="32"/>
        <source>Вопрос супервизору (необязательно)</source>
        <translation>Question for the supervisor (optional)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/consult.py" line="33"/>
        <source>Вопрос супервизору</source>
        <translation>Question for the supervisor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/consult.py" line="39"/>
        <source>Запросить помощь</source>
        <translation>Ask for help</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/consult.py" line="40"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ContactActionsUi</name>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="54"/>
        <source>Удержание / вернуть звонок</source>
        <extracomment>shortcuts of these actions (the main window has F5, F7, F9, Ctrl+W, Ctrl+F, Ctrl+I) the open dialog (tests and screenshots reach it here)</extracomment>
        <translation>Hold / resume the call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="55"/>
        <source>Завершить разговор</source>
        <translation>End the conversation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="56"/>
        <source>Перевести…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="57"/>
        <source>Консультация супервизора…</source>
        <translation>Consult the supervisor…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="58"/>
        <source>Эскалировать…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="59"/>
        <source>Позвонить по задаче обратного звонка</source>
        <translation>Call: take a callback task</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="60"/>
        <source>Найти обращение по номеру</source>
        <translation>Find a contact by its number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="119"/>
        <source>Нет связи: действие сохранено и будет отправлено позже</source>
        <translation>Offline: the action is kept and will be sent later</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="140"/>
        <source>Запрос помощи отправлен супервизору</source>
        <translation>Help request sent to the supervisor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="268"/>
        <source>Нет задач</source>
        <translation>No tasks</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/controller.py" line="269"/>
        <source>В очереди нет задач обратного или исходящего звонка.</source>
        <translation>There are no callback or outbound call tasks in the queue.</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="405"/>
        <source>Нет открытых обращений. Примите предложение в очереди.</source>
        <translation>No open contacts. Accept an offer in the queue.</translation>
    </message>
</context>
<context>
    <name>ConversationTab</name>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="100"/>
        <source>Переписка</source>
        <extracomment>the sender&apos;s name in the transcript, as a theme colour&apos;s name (the theme has no accent colour for the operator&apos;s own lines: their name says who wrote them) hold / resume / transfer / consult / escalate, for the main window to run</extracomment>
        <translation>Transcript</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="111"/>
        <source>Ответ гражданину… (Ctrl+Enter — отправить)</source>
        <translation>Reply to the citizen… (Ctrl+Enter sends)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="112"/>
        <source>Ответ</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="121"/>
        <source>Отправить</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="130"/>
        <source>Завершить разговор</source>
        <translation>End conversation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="170"/>
        <source>гражданин</source>
        <translation>citizen</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="257"/>
        <source>Меню IVR</source>
        <translation>IVR menu</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="266"/>
        <source>СНИЛС из IVR</source>
        <translation>SNILS from IVR</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="271"/>
        <source>Продолжение обращения</source>
        <translation>Continues contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="278"/>
        <source>Тема</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="283"/>
        <source>Номер заявления</source>
        <translation>Application number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="102"/>
        <source>История обращения</source>
        <translation>Contact history</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="119"/>
        <source>Отправить ответ</source>
        <translation>Send reply</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="123"/>
        <source>История</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="125"/>
        <source>Показать историю обращения и связанных обращений</source>
        <translation>Show the history of this contact and the linked ones</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="126"/>
        <source>Эскалировать…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="128"/>
        <source>Эскалировать на вторую линию или супервизору (Ctrl+Shift+E)</source>
        <translation>Escalate to the second line or the supervisor (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="212"/>
        <source>Эскалировано: {0} — {1}</source>
        <translation>Escalated: {0} — {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="214"/>
        <source>Переведено: {0} — {1}</source>
        <translation>Transferred: {0} — {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="223"/>
        <source>Заметки: {0}</source>
        <translation>Notes: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="235"/>
        <source>Обратный звонок</source>
        <translation>Callback</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="237"/>
        <source>Исходящий звонок</source>
        <translation>Outbound call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="241"/>
        <source>срок: {0}</source>
        <translation>due: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="243"/>
        <source>по обращению {0}</source>
        <translation>for contact {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="246"/>
        <source>Вызов набран при принятии задачи: гражданин на линии.</source>
        <translation>The number was dialled when the task was accepted: the citizen is on the line.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="260"/>
        <source>Категория из IVR</source>
        <translation>Category from IVR</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="262"/>
        <source>Представился</source>
        <translation>Stated name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="262"/>
        <source>не назвался</source>
        <translation>not given</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="264"/>
        <location filename="../../operator_app/ui/panes/conversation.py" line="282"/>
        <source>Телефон</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="269"/>
        <source>Регион</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="276"/>
        <source>От</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="281"/>
        <source>Имя</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="298"/>
        <source>Письмо гражданина</source>
        <translation>The citizen&apos;s letter</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="300"/>
        <source>Обращение с портала</source>
        <translation>Request from the portal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="322"/>
        <source>Гражданин просит перезвонить: ответ по телефону. При завершении выберите «Требуется обратный звонок» — будет создана задача обратного звонка.</source>
        <translation>The citizen asks to be called back: the answer goes by phone. At wrap-up choose “Callback required” — a callback task will be created.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="331"/>
        <source>по электронной почте</source>
        <translation>by e-mail</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="334"/>
        <source>по SMS</source>
        <translation>by SMS</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="336"/>
        <source>в личный кабинет на портале</source>
        <translation>to the citizen&apos;s portal account</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="337"/>
        <source>Ответ будет отправлен {0}</source>
        <translation>The reply will be sent {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="349"/>
        <source>Предыдущее обращение {0} · {1}</source>
        <translation>Earlier contact {0} · {1}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="41"/>
        <source>Внутренняя ошибка программы</source>
        <translation>Internal error</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="46"/>
        <source>Прошлый сеанс рабочего места завершился аварийно. Черновики ответов и заметки сохраняются автоматически и откроются вместе с обращением.</source>
        <translation>The previous session of the workstation ended in a crash. Reply drafts and notes are saved automatically and open again with their contact.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="50"/>
        <source>В программе произошла внутренняя ошибка.</source>
        <translation>An internal error occurred in the program.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="52"/>
        <source>Черновики ответов и заметки сохранены.</source>
        <translation>Reply drafts and notes are saved.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="55"/>
        <source>Не все черновики удалось сохранить: скопируйте важный текст, прежде чем выйти.</source>
        <translation>Not every draft could be saved: copy any important text before you quit.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="57"/>
        <source>Можно продолжить работу.</source>
        <translation>You can go on working.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="59"/>
        <source>Если ошибка повторяется, перезапустите программу и передайте подробности в службу поддержки (персональные данные из них удалены).</source>
        <translation>If the error recurs, restart the program and send the details to the service desk (personal data is removed from them).</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="67"/>
        <source>Подробности ошибки</source>
        <translation>Error details</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="70"/>
        <source>Скопировать подробности</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="74"/>
        <source>Продолжить работу</source>
        <translation>Continue working</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/crash.py" line="82"/>
        <source>Скопировано</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../operator_app/ui/errors.py" line="14"/>
        <source>Непредвиденная ошибка: {0}. Сообщите администратору; данные сохранены.</source>
        <translation>Unexpected error: {0}. Tell your administrator; your data is saved.</translation>
    </message>
</context>
<context>
    <name>EscalateDialog</name>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="27"/>
        <source>Нужны персональные данные гражданина (выплаты, заявления)</source>
        <extracomment>the reasons operators give most; free text is always possible</extracomment>
        <translation>The citizen&apos;s personal data is needed (payments, applications)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="30"/>
        <source>Вопрос в компетенции ведомства</source>
        <translation>The agency has to decide</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="31"/>
        <source>Нет ответа в экспертной системе</source>
        <translation>No answer in the expert system</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="32"/>
        <source>Жалоба гражданина</source>
        <translation>Citizen&apos;s complaint</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="33"/>
        <source>Техническая проблема портала</source>
        <translation>Technical problem of the portal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="34"/>
        <source>Конфликтный или сложный разговор</source>
        <translation>Difficult or hostile conversation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="62"/>
        <source>Эскалация обращения {0}</source>
        <translation>Escalate contact {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="66"/>
        <source>Вторая линия</source>
        <translation>Second line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="67"/>
        <source>Супервизор</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="72"/>
        <source>Кому:</source>
        <translation>To:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="81"/>
        <source>Ведомство</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="83"/>
        <source>все регионы</source>
        <translation>all regions</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="86"/>
        <source>Регион</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="89"/>
        <source>Причина</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="95"/>
        <source>Выберите или введите причину</source>
        <translation>Choose or type a reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="98"/>
        <source>Что уже сделано, что нужно гражданину — специалист увидит это с историей</source>
        <translation>What was done, what the citizen needs — the specialist sees this with the history</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="100"/>
        <source>Заметки</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="102"/>
        <source>Ведомство:</source>
        <translation>Agency:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="103"/>
        <source>Регион:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="104"/>
        <source>Причина:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="105"/>
        <source>Заметки:</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="116"/>
        <source>Эскалировать</source>
        <translation>Escalate</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/escalate.py" line="118"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HeadsetDialog</name>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="101"/>
        <source>Проверка гарнитуры</source>
        <extracomment>the operator is checking, not listening to a citizen: a short silence already means trouble</extracomment>
        <translation>Headset check</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="114"/>
        <source>Выберите микрофон и наушники гарнитуры. Скажите несколько слов — полоса уровня должна двигаться; затем включите проверочный сигнал.</source>
        <translation>Choose the headset&apos;s microphone and headphones. Say a few words: the level bar should move; then play the test tone.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="123"/>
        <source>Состояние звука</source>
        <translation>Sound status</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="127"/>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="129"/>
        <source>Микрофон</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="131"/>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="152"/>
        <source>Устройство:</source>
        <translation>Device:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="134"/>
        <source>Уровень:</source>
        <translation>Level:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="137"/>
        <source>Записать 3 с и воспроизвести</source>
        <translation>Record 3 s and play back</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="139"/>
        <source>Скажите что-нибудь в течение трёх секунд — запись прозвучит в наушниках</source>
        <translation>Say something for three seconds: the recording will play in the headphones</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="144"/>
        <source>Результат проверки записи</source>
        <translation>Recording check result</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="149"/>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="151"/>
        <source>Наушники</source>
        <translation>Headphones</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="153"/>
        <source>Проверочный сигнал</source>
        <translation>Test tone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="154"/>
        <source>Одна секунда тона 1 кГц в выбранных наушниках</source>
        <translation>One second of a 1 kHz tone in the chosen headphones</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="158"/>
        <source>Результат проверочного сигнала</source>
        <translation>Test tone result</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="170"/>
        <source>Сохранить</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="172"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="180"/>
        <source>Поиск устройств…</source>
        <translation>Looking for devices…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="226"/>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="256"/>
        <source>Нет устройств</source>
        <translation>No devices</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="230"/>
        <source>{0} — по умолчанию</source>
        <translation>{0} — default</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="310"/>
        <source>Звучит сигнал…</source>
        <translation>Playing the tone…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="319"/>
        <source>Сигнал прозвучал. Не слышно? Проверьте громкость и выбранное устройство.</source>
        <translation>The tone has played. Heard nothing? Check the volume and the chosen device.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="341"/>
        <source>Говорите: идёт запись 3 с…</source>
        <translation>Speak now: recording 3 s…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="352"/>
        <source>Воспроизведение записи…</source>
        <translation>Playing the recording back…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/headset.py" line="364"/>
        <source>Запись в порядке, средний уровень {0}. Если вы слышали себя в наушниках, гарнитура готова к работе.</source>
        <translation>The recording is fine, average level {0}. If you heard yourself in the headphones, the headset is ready.</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="15"/>
        <source>Поступило</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="16"/>
        <source>Предложено оператору</source>
        <translation>Offered to an operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="17"/>
        <source>Оператор отклонил</source>
        <translation>Declined by the operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="18"/>
        <source>Предложение не принято вовремя</source>
        <translation>Offer not accepted in time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="19"/>
        <source>Принято в работу</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="20"/>
        <source>Поставлено на удержание</source>
        <translation>Put on hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="21"/>
        <source>Возвращено с удержания</source>
        <translation>Taken off hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="22"/>
        <source>Разговор завершён</source>
        <translation>Conversation ended</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="23"/>
        <source>Гражданин завершил разговор</source>
        <translation>The citizen hung up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="24"/>
        <source>Гражданин не дождался ответа</source>
        <translation>The citizen gave up waiting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="25"/>
        <source>Закрыто</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="26"/>
        <source>Эскалировано</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="27"/>
        <source>Переведено</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="28"/>
        <source>Назначен обратный звонок</source>
        <translation>Callback scheduled</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="29"/>
        <source>Обратный звонок не назначен</source>
        <translation>No callback scheduled</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="30"/>
        <source>Просрочено</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="31"/>
        <source>Связано с обращением</source>
        <translation>Linked to contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="32"/>
        <source>Продолжено в обращении</source>
        <translation>Resumed in contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="33"/>
        <source>Запрошена помощь супервизора</source>
        <translation>Supervisor&apos;s help requested</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="34"/>
        <source>Перенаправлено в другой канал</source>
        <translation>Redirected to another channel</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="35"/>
        <source>Сообщение</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="38"/>
        <source>вторая линия</source>
        <translation>second line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="39"/>
        <source>первая линия</source>
        <translation>first line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="40"/>
        <source>супервизор</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="67"/>
        <source>не закрыто</source>
        <translation>not closed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="72"/>
        <source>решено</source>
        <translation>resolved</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="74"/>
        <source>не решено</source>
        <translation>unresolved</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="90"/>
        <location filename="../../operator_app/ui/panes/history.py" line="102"/>
        <source>заметки: {0}</source>
        <translation>notes: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="98"/>
        <source>причина: {0}</source>
        <translation>reason: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="108"/>
        <source>продолжает {0}</source>
        <translation>resumes {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/history.py" line="116"/>
        <source>срок {0}</source>
        <translation>due {0}</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="273"/>
        <source>Версии карточки</source>
        <translation>Card versions</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="295"/>
        <source>Версия {0} · {1}
{2} · {3}</source>
        <translation>Version {0} · {1}
{2} · {3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="313"/>
        <source>Заголовок</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="280"/>
        <source>Загрузка…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="277"/>
        <source>Изменения версии</source>
        <translation>Changes in this version</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="269"/>
        <source>История карточки {0}</source>
        <translation>History of card {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="315"/>
        <source>Ключевые слова</source>
        <translation>Keywords</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="314"/>
        <source>Ответ</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="289"/>
        <source>изменена</source>
        <translation>updated</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="293"/>
        <source>импорт</source>
        <translation>import</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="288"/>
        <source>создана</source>
        <translation>created</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="290"/>
        <source>удалена</source>
        <translation>deleted</translation>
    </message>
</context>
<context>
    <name>KpiTiles</name>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="15"/>
        <source>Уровень обслуживания</source>
        <extracomment>(key, caption) in the order shown; captions translated when built</extracomment>
        <translation>Service level</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="16"/>
        <source>Среднее время ответа</source>
        <translation>Average speed of answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="17"/>
        <source>Макс. ожидание сейчас</source>
        <translation>Longest wait now</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="18"/>
        <source>Ждут ответа</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="19"/>
        <source>Доля потерянных</source>
        <translation>Abandonment</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="20"/>
        <source>Ср. время обработки</source>
        <translation>Average handling time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="21"/>
        <source>Решено с первого обращения</source>
        <translation>First-contact resolution</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="22"/>
        <source>Удовлетворённость</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="23"/>
        <source>Обратные звонки просрочены</source>
        <translation>Callbacks overdue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="60"/>
        <source>Сегодня</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="60"/>
        <source>60 минут</source>
        <translation>60 minutes</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="60"/>
        <source>15 минут</source>
        <translation>15 minutes</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/kpi_tiles.py" line="63"/>
        <source>Период показателей</source>
        <translation>KPI period</translation>
    </message>
</context>
<context>
    <name>LevelMeterWidget</name>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="29"/>
        <source>Микрофон молчит: проверьте, не выключен ли звук на гарнитуре</source>
        <extracomment>the bar&apos;s scale: a headset voice sits around −30…−10 dBFS, below −60 is room noise at best where the bar turns from green to amber, and from amber to red what to do about each issue, in the operator&apos;s words (the dialog&apos;s verdicts say the same)</extracomment>
        <translation>The microphone is silent: check that the headset is not muted</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="32"/>
        <source>Слишком громко: звук искажается, отодвиньте микрофон</source>
        <translation>Too loud: the sound is distorted, move the microphone away</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="38"/>
        <source>Микрофон молчит</source>
        <extracomment>the same in a few words, for the compact meter&apos;s line</extracomment>
        <translation>Microphone silent</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="39"/>
        <source>Слишком громко</source>
        <translation>Too loud</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="59"/>
        <source>{0} дБ</source>
        <translation>{0} dB</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="131"/>
        <location filename="../../operator_app/ui/level_meter.py" line="136"/>
        <source>Уровень микрофона</source>
        <translation>Microphone level</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="133"/>
        <source>Уровень микрофона: полоса — средний уровень, черта — пиковый уровень</source>
        <translation>Microphone level: the bar is the average level, the tick the peak level</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="138"/>
        <source>Уровень микрофона, дБ</source>
        <translation>Microphone level, dB</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/level_meter.py" line="143"/>
        <source>Предупреждение о микрофоне</source>
        <translation>Microphone warning</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../operator_app/ui/lock_screen.py" line="121"/>
        <source>Рабочее место заблокировано</source>
        <extracomment>input that counts as the operator being there</extracomment>
        <translation>Workstation locked</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lock_screen.py" line="130"/>
        <source>Пользователь: {0}</source>
        <translation>User: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lock_screen.py" line="133"/>
        <location filename="../../operator_app/ui/lock_screen.py" line="134"/>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lock_screen.py" line="141"/>
        <source>Разблокировать</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lock_screen.py" line="143"/>
        <source>Выйти из системы</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lock_screen.py" line="179"/>
        <source>Введите пароль.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lock_screen.py" line="195"/>
        <source>Неверный пароль.</source>
        <translation>Wrong password.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../operator_app/ui/login.py" line="54"/>
        <source>ЕКЦ — вход в рабочее место</source>
        <translation>EKC — workstation login</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="57"/>
        <source>Единый контактный центр 8-800-6000-000</source>
        <translation>Unified Contact Centre 8-800-6000-000</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="64"/>
        <source>Имя пользователя</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="67"/>
        <source>Пользователь:</source>
        <translation>User:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="70"/>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="72"/>
        <source>в демо-режиме пароль: demo</source>
        <translation>demo mode password: demo</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="73"/>
        <source>Пароль:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="86"/>
        <source>Войти</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="87"/>
        <source>Выход</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="97"/>
        <source>Введите имя пользователя и пароль.</source>
        <translation>Enter your user name and password.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="84"/>
        <source>ЕКЦ — рабочее место: {0} ({1})</source>
        <extracomment>Сервис → Настройки… chose new preferences (the application applies them)</extracomment>
        <translation>EKC workstation: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="139"/>
        <source>Очередь</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="149"/>
        <source>Экспертная система</source>
        <translation>Expert system</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="156"/>
        <source>Завершение</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="229"/>
        <source>Смена</source>
        <extracomment>what this window listens to on the bridge (replayed by take_over)</extracomment>
        <translation>Shift</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="235"/>
        <source>Не готов (выбрать причину)…</source>
        <translation>Not ready (choose a reason)…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="240"/>
        <source>Заблокировать рабочее место</source>
        <translation>Lock the workstation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="242"/>
        <source>Вы заблокировали рабочее место.</source>
        <translation>You locked the workstation.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="244"/>
        <source>Проверка гарнитуры…</source>
        <translation>Headset check…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="247"/>
        <location filename="../../operator_app/ui/main_window.py" line="389"/>
        <source>Обращение</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="248"/>
        <source>Принять предложение</source>
        <translation>Accept offer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="252"/>
        <source>Отклонить предложение (выбрать причину)…</source>
        <translation>Decline the offer (choose a reason)…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="256"/>
        <source>Завершить обращение</source>
        <translation>Close contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="261"/>
        <source>Поиск</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="262"/>
        <source>Искать в экспертной системе</source>
        <translation>Search the expert system</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="266"/>
        <source>Вставить ответ карточки</source>
        <translation>Insert the card&apos;s answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="275"/>
        <source>Вид</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="278"/>
        <source>Сервис</source>
        <translation>Tools</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="279"/>
        <source>Настройки…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="283"/>
        <source>Справка</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="284"/>
        <source>Сочетания клавиш</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="288"/>
        <source>О программе</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="389"/>
        <source>Отправить ответ</source>
        <translation>Send the reply</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="480"/>
        <source>Заблокировано после {0} мин без действий.</source>
        <translation>Locked after {0} min without activity.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="516"/>
        <source>Разблокировано. Нажмите F5, когда будете готовы.</source>
        <translation>Unlocked. Press F5 when you are ready.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="548"/>
        <source>Новое обращение</source>
        <translation>New contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="549"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="618"/>
        <source>Действие не выполнено</source>
        <translation>Action failed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="626"/>
        <source>Черновик не прочитан: {0}</source>
        <translation>Draft not read: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="696"/>
        <source>Некуда вставить</source>
        <translation>Nowhere to insert</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="697"/>
        <source>Откройте обращение, чтобы вставить ответ.</source>
        <translation>Open a contact to insert the answer.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="453"/>
        <source>База знаний</source>
        <translation>Knowledge base</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="446"/>
        <source>Ваше предложение по карточке «{0}» одобрено.</source>
        <translation>Your proposal for the card “{0}” was approved.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="448"/>
        <source>Ваше предложение по карточке «{0}» отклонено.</source>
        <translation>Your proposal for the card “{0}” was rejected.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="441"/>
        <source>Новое предложение по карточке «{0}» от {1}</source>
        <translation>New proposal for the card “{0}” from {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="405"/>
        <source>Предложение отправлено супервизору на рассмотрение.</source>
        <translation>The proposal was sent to a supervisor for review.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="271"/>
        <source>Предложения по базе знаний…</source>
        <translation>Knowledge base proposals…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="142"/>
        <source>Карточка гражданина</source>
        <translation>Citizen card</translation>
    </message>
</context>
<context>
    <name>MonitorWindow</name>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="82"/>
        <source>ЕКЦ — монитор супервизора</source>
        <extracomment>operators&apos; rows changed by events are shown after at most this (ms): a burst, one repaint an alarm event reads the open alarms after this (ms), gathering a burst the whole board (handled today, AHT, alarms, work mode) is read again this often (ms); between reads the operators&apos; rows follow the event stream the KPIs are read this often (ms) unless the server pushed them meanwhile the charts&apos; series of the last hours is read this often (ms) an open alarm sounds again this often (ms) until acknowledged</extracomment>
        <translation>EKC — supervisor monitor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="154"/>
        <source>Фильтр: имя, линия, ведомство, состояние…</source>
        <extracomment>each read is numbered when it starts: an older answer never overwrites a newer</extracomment>
        <translation>Filter: name, line, agency, state…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="155"/>
        <source>Фильтр операторов</source>
        <translation>Operator filter</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="157"/>
        <source>Операторы</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="162"/>
        <source>Очередь</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="164"/>
        <source>Очередь по разрезам</source>
        <translation>Queue by group</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="168"/>
        <source>Обращения в очереди</source>
        <translation>Contacts in the queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="169"/>
        <source>По каналам, линиям, ведомствам</source>
        <translation>By channel, line, agency</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="199"/>
        <location filename="../../operator_app/ui/monitor/window.py" line="215"/>
        <source>Тревоги</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="201"/>
        <source>Подтвердить тревогу</source>
        <translation>Acknowledge alarm</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="206"/>
        <location filename="../../operator_app/ui/monitor/window.py" line="208"/>
        <source>Запросы помощи</source>
        <translation>Help requests</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="210"/>
        <source>Двойной щелчок — запрос принят, убрать из списка</source>
        <translation>Double-click: request taken, remove it from the list</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="227"/>
        <location filename="../../operator_app/ui/monitor/window.py" line="265"/>
        <source>Предложения по базе знаний</source>
        <translation>Expert-system proposals</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="241"/>
        <source>Действия</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="244"/>
        <source>Режим работы: </source>
        <translation>Work mode: </translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="246"/>
        <source>Режим работы</source>
        <translation>Work mode</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="248"/>
        <source>стандартный</source>
        <translation>standard</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="249"/>
        <source>ночной</source>
        <translation>night</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="250"/>
        <source>выходной</source>
        <translation>weekend</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="251"/>
        <source>аварийный</source>
        <translation>emergency</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="257"/>
        <source>Сообщение группе…</source>
        <translation>Team message…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="261"/>
        <source>Отчёт за смену…</source>
        <translation>Shift report…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="269"/>
        <source>Оценка качества…</source>
        <translation>Quality evaluation…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="272"/>
        <source>Обновить</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="420"/>
        <source>Обновлено {0} · операторов в сети: {1} из {2} · ждут: {3}</source>
        <translation>Updated {0} · operators online: {1} of {2} · waiting: {3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="434"/>
        <source>Не удалось обновить монитор: {0}</source>
        <translation>Could not refresh the monitor: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="487"/>
        <source> · ждёт {0} с</source>
        <translation> · waiting {0} s</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="489"/>
        <source> · обращений: {0}</source>
        <translation> · contacts: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="491"/>
        <source> · {0} мин</source>
        <translation> · {0} min</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="497"/>
        <source>{0} {1} просит помощи</source>
        <translation>{0} {1} asks for help</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/window.py" line="499"/>
        <source> по обращению {0}</source>
        <translation> about contact {0}</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <location filename="../../operator_app/ui/offline_banner.py" line="22"/>
        <source>Нет связи с сервером</source>
        <translation>No connection to the server</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/offline_banner.py" line="41"/>
        <source>Нет связи с сервером. Работают поиск по экспертной системе, заметки и черновики. Новые обращения не поступают; переподключение идёт автоматически.</source>
        <translation>No connection to the server. Expert-system search, notes and drafts still work. No new contacts arrive; reconnecting automatically.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/offline_banner.py" line="46"/>
        <source>Действий ждут отправки: {0} — они уйдут на сервер сами, когда связь вернётся.</source>
        <translation>Actions waiting to be sent: {0}. They go to the server by themselves when the connection is back.</translation>
    </message>
</context>
<context>
    <name>OperatorsModel</name>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="40"/>
        <source>Оператор</source>
        <extracomment>how long a state may last before its time turns amber / red (s); not_ready and break only every operator of the last snapshot, and the rows shown (filtered, sorted)</extracomment>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="41"/>
        <source>Линия</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="42"/>
        <source>Состояние</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="43"/>
        <source>В состоянии</source>
        <translation>Time in state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="44"/>
        <source>Обращение</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="45"/>
        <source>Обработано</source>
        <translation>Handled</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="46"/>
        <source>Ср. время обработки</source>
        <translation>Average handling time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="90"/>
        <source>1 линия</source>
        <translation>Line 1</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/operators_model.py" line="90"/>
        <source>2 линия</source>
        <translation>Line 2</translation>
    </message>
</context>
<context>
    <name>ProposalDialog</name>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="134"/>
        <source>&amp;Заголовок:</source>
        <translation>&amp;Title:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="142"/>
        <source>&amp;Ключевые слова:</source>
        <translation>&amp;Keywords:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="138"/>
        <source>&amp;Ответ:</source>
        <translation>&amp;Answer:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="150"/>
        <source>&amp;Причина:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="212"/>
        <source>Заголовок слишком короткий.</source>
        <translation>The title is too short.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="117"/>
        <source>Загрузка текущей версии карточки…</source>
        <translation>Loading the current version of the card…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="159"/>
        <source>История карточки…</source>
        <translation>Card history…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="197"/>
        <source>Карточка {0}, версия {1} от {2}. Исправьте текст справа и укажите причину.</source>
        <translation>Card {0}, version {1} of {2}. Correct the text on the right and give the reason.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="140"/>
        <source>Ключевые слова через запятую</source>
        <translation>Keywords, separated by commas</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="203"/>
        <source>Не удалось получить карточку с сервера.</source>
        <translation>Could not get the card from the server.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="214"/>
        <source>Ответ слишком короткий.</source>
        <translation>The answer is too short.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="165"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="161"/>
        <source>Отправить на рассмотрение</source>
        <translation>Send for review</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="146"/>
        <source>Почему карточку нужно исправить: что изменилось, источник (приказ, письмо)</source>
        <translation>Why the card needs correcting: what changed, the source (order, letter)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="133"/>
        <source>Предлагаемый заголовок</source>
        <translation>Proposed title</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="136"/>
        <source>Предлагаемый ответ</source>
        <translation>Proposed answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="113"/>
        <source>Предложение об изменении карточки {0}</source>
        <translation>Proposal to change card {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="144"/>
        <source>Причина исправления</source>
        <translation>Reason for the correction</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="124"/>
        <source>Сейчас в карточке:</source>
        <translation>The card now:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="218"/>
        <source>Текст не изменён: исправьте заголовок, ответ или ключевые слова.</source>
        <translation>Nothing was changed: correct the title, the answer or the keywords.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="126"/>
        <source>Текущий текст карточки</source>
        <translation>Current text of the card</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="216"/>
        <source>Укажите причину исправления.</source>
        <translation>Give the reason for the correction.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/article_dialogs.py" line="141"/>
        <source>через запятую</source>
        <translation>separated by commas</translation>
    </message>
</context>
<context>
    <name>QualityDialog</name>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="19"/>
        <source>Приветствие и представление</source>
        <translation>Greeting and introduction</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="20"/>
        <source>Идентификация по правилам</source>
        <translation>Identification by the rules</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="21"/>
        <source>Точность ответа</source>
        <translation>Accuracy of the answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="22"/>
        <source>Вежливость</source>
        <translation>Courtesy</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="23"/>
        <source>Завершение и результат</source>
        <translation>Closing and disposition</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="30"/>
        <source>Оценка качества обращения</source>
        <translation>Contact quality evaluation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="33"/>
        <source>например, 2612-0000123</source>
        <translation>e.g. 2612-0000123</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="34"/>
        <source>Номер обращения</source>
        <translation>Contact number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="35"/>
        <source>Номер обращения:</source>
        <translation>Contact number:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="43"/>
        <source>0 — не выполнено, 1 — частично, 2 — полностью</source>
        <translation>0 — not met, 1 — partly, 2 — fully</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="47"/>
        <source>Комментарий для оператора</source>
        <translation>Comment for the operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/quality_dialog.py" line="49"/>
        <source>Комментарий:</source>
        <translation>Comment:</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="43"/>
        <source>Канал</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="44"/>
        <source>Категория</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="45"/>
        <source>Приоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="46"/>
        <source>Регион</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="42"/>
        <source>Ожидание</source>
        <extracomment>service-level target: answered within 30 s (DESIGN §6)</extracomment>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="47"/>
        <source>Номер</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="76"/>
        <source>Обращение {0}: {1}</source>
        <translation>Contact {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="82"/>
        <source>Просрочено: нужно было выполнить к {0}</source>
        <translation>Overdue: was due by {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="84"/>
        <source>Выполнить к {0}</source>
        <translation>Due by {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="102"/>
        <source>просрочено, к {0}</source>
        <translation>overdue, by {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="103"/>
        <source>к {0}</source>
        <translation>by {0}</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="59"/>
        <source>Принять</source>
        <extracomment>characters each column usually needs (wait, channel, category, priority, region)</extracomment>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="60"/>
        <source>Принять предложенное обращение (F9)</source>
        <translation>Accept the offered contact (F9)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="61"/>
        <source>Отклонить</source>
        <translation>Decline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="62"/>
        <source>Отклонить предложение с причиной (Shift+F9)</source>
        <translation>Decline the offer with a reason (Shift+F9)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="77"/>
        <source>Ожидают в очереди первой линии</source>
        <translation>Waiting in the first-line queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="96"/>
        <source>Очередь обращений</source>
        <translation>Contact queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="100"/>
        <source>Взять в работу</source>
        <translation>Take</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="101"/>
        <source>Взять выбранное обращение из очереди</source>
        <translation>Take the selected contact from the queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="126"/>
        <source>Звонки</source>
        <translation>Calls</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="126"/>
        <source>Чаты</source>
        <translation>Chats</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="131"/>
        <source>{0} в очереди: нет</source>
        <translation>{0} waiting: none</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="136"/>
        <source>{0} в очереди: &lt;b&gt;{1}&lt;/b&gt; · дольше всех ждёт {2}</source>
        <translation>{0} waiting: &lt;b&gt;{1}&lt;/b&gt; · longest wait {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="152"/>
        <source> · осталось {0} с</source>
        <translation> · {0} s left</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="154"/>
        <source>Предложение: {0} · {1} · {2}{3}</source>
        <translation>Offer: {0} · {1} · {2}{3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="157"/>
        <source>регион не указан</source>
        <translation>no region</translation>
    </message>
</context>
<context>
    <name>QueueSummaryModel</name>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="25"/>
        <source>Разрез</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="26"/>
        <source>Очередь</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="27"/>
        <source>Ждут</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="28"/>
        <source>Предложено</source>
        <translation>Offered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="29"/>
        <source>Макс. ожидание</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="30"/>
        <source>Потеряно сегодня</source>
        <translation>Abandoned today</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="33"/>
        <source>Канал</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="34"/>
        <source>Линия</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="35"/>
        <source>Ведомство</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="36"/>
        <source>Приоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="39"/>
        <source>1 линия</source>
        <translation>Line 1</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="40"/>
        <source>2 линия</source>
        <translation>Line 2</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/queue_summary.py" line="41"/>
        <source>Супервизор</source>
        <translation>Supervisor</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../operator_app/ui/monitor/report_dialog.py" line="25"/>
        <location filename="../../operator_app/ui/monitor/report_dialog.py" line="53"/>
        <source>Отчёт за смену</source>
        <translation>Shift report</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_dialog.py" line="34"/>
        <source>Куда сохранить (без расширения)</source>
        <translation>Where to save (without extension)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_dialog.py" line="35"/>
        <source>Обзор…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_dialog.py" line="41"/>
        <source>С:</source>
        <translation>From:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_dialog.py" line="42"/>
        <source>По:</source>
        <translation>To:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_dialog.py" line="43"/>
        <source>Файлы (.csv и .pdf):</source>
        <translation>Files (.csv and .pdf):</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_dialog.py" line="53"/>
        <source>PDF и CSV (*.pdf)</source>
        <translation>PDF and CSV (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="126"/>
        <source> · ⚠ устарело</source>
        <translation> · ⚠ stale</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="156"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; · {1}&lt;br&gt;Автор: {2}, {3}&lt;br&gt;Причина: {4}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; · {1}&lt;br&gt;Author: {2}, {3}&lt;br&gt;Reason: {4}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="183"/>
        <source>Заголовок</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="94"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="87"/>
        <source>История карточки…</source>
        <translation>Card history…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="185"/>
        <source>Ключевые слова</source>
        <translation>Keywords</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="76"/>
        <source>Комментарий автору (при отклонении обязателен)</source>
        <translation>Comment to the author (required to reject)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="75"/>
        <source>Комментарий к решению</source>
        <translation>Comment on the decision</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="214"/>
        <source>Напишите автору, почему предложение отклонено.</source>
        <translation>Tell the author why the proposal is rejected.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="139"/>
        <source>Нет предложений, ожидающих рассмотрения.</source>
        <translation>No proposals are waiting for review.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="88"/>
        <source>Обновить список</source>
        <translation>Refresh the list</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="85"/>
        <source>Одобрить</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="184"/>
        <source>Ответ</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="86"/>
        <source>Отклонить</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="168"/>
        <source>Предложение устарело: оно написано к версии {0}, а карточка уже изменилась (версия {1}). Одобрить его нельзя — отклоните его или попросите автора внести исправление заново.</source>
        <translation>The proposal is stale: it was written against version {0}, but the card has changed since (version {1}). It cannot be approved — reject it or ask the author to propose the correction again.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="51"/>
        <source>Предложения по базе знаний</source>
        <translation>Knowledge base proposals</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="56"/>
        <source>Предложения, ожидающие рассмотрения</source>
        <translation>Proposals waiting for review</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="72"/>
        <source>Текущий и предлагаемый текст</source>
        <translation>Current and proposed text</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/proposal_review.py" line="180"/>
        <source>Удалённое зачёркнуто красным, добавленное выделено зелёным.</source>
        <translation>Removed text is struck through in red, added text is highlighted in green.</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="75"/>
        <source>Поиск в экспертной системе (Ctrl+F)</source>
        <extracomment>the search starts this long after the last key (a fast typist&apos;s gap between keys is shorter) the newest query&apos;s result is on screen (None: nothing to search for)</extracomment>
        <translation>Search the expert system (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="77"/>
        <source>Поиск в экспертной системе</source>
        <translation>Expert system search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="82"/>
        <source>Все ведомства</source>
        <translation>All agencies</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="82"/>
        <source>Ведомство</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="83"/>
        <source>Все темы</source>
        <translation>All topics</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="83"/>
        <source>Тема</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="84"/>
        <source>Любая линия</source>
        <translation>Any line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="84"/>
        <source>Линия</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="85"/>
        <source>1 линия</source>
        <translation>Line 1</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="91"/>
        <source>Экспертная система загружается…</source>
        <translation>Loading the expert system…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="96"/>
        <source>Результаты поиска</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="100"/>
        <source>Карточка экспертной системы</source>
        <translation>Expert system card</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="104"/>
        <source>Вставить в ответ</source>
        <translation>Insert into reply</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="105"/>
        <source>Вставить ответ карточки в поле ответа (Ctrl+I)</source>
        <translation>Insert the card&apos;s answer into the reply (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="173"/>
        <source>Карточек в экспертной системе: {0}</source>
        <extracomment>cards whose version changed lately: id → when; marked «обновлено ДД.ММ» in results the query whose result is on screen (None before the first search)</extracomment>
        <translation>Cards in the expert system: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="86"/>
        <location filename="../../operator_app/ui/panes/search.py" line="233"/>
        <source>2 линия</source>
        <translation>line 2</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="235"/>
        <source>нужна идентификация</source>
        <translation>identity check required</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="239"/>
        <source>федеральная</source>
        <translation>federal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="248"/>
        <source>Ничего не найдено. Уточните запрос.</source>
        <translation>Nothing found. Refine the query.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="251"/>
        <source>Найдено: {0} · {1} мс</source>
        <translation>Found: {0} · {1} ms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="280"/>
        <source>Вопрос второй линии: эскалируйте в {0}.</source>
        <translation>A second-line matter: escalate to {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="285"/>
        <source>Перед ответом подтвердите личность гражданина.</source>
        <translation>Verify the citizen&apos;s identity before answering.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="110"/>
        <source>Предложить исправление этой карточки супервизору</source>
        <translation>Propose a correction of this card to a supervisor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="109"/>
        <source>Предложить исправление…</source>
        <translation>Propose a correction…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="238"/>
        <source>обновлено {0}</source>
        <translation>updated {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="36"/>
        <source>Настройки</source>
        <extracomment>each language by its own name, so whoever reads the other one still finds theirs the preferences the operator chose (emitted on OK only if something changed)</extracomment>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="43"/>
        <source>Язык интерфейса</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="44"/>
        <source>&amp;Язык интерфейса:</source>
        <translation>&amp;Interface language:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="49"/>
        <source>Размер шрифта</source>
        <translation>Font size</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="50"/>
        <source>&amp;Размер шрифта:</source>
        <translation>&amp;Font size:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="51"/>
        <source>&amp;Высококонтрастная тема</source>
        <translation>&amp;High-contrast theme</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="54"/>
        <source>&amp;Звуковой сигнал при поступлении обращения</source>
        <translation>&amp;Sound a tone when a contact is offered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="59"/>
        <source> мин</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="61"/>
        <source>Блокировка при бездействии, минут</source>
        <translation>Idle lock, minutes</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="63"/>
        <source>&amp;Блокировка при бездействии через:</source>
        <translation>&amp;Lock when idle for:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="65"/>
        <source>Задано администратором.</source>
        <translation>Set by the administrator.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="66"/>
        <source>Блокировка задана администратором</source>
        <translation>Idle lock set by the administrator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="71"/>
        <source>Изменения применяются сразу, без перезапуска: окно перестраивается, открытые обращения и черновики сохраняются.</source>
        <translation>Changes apply at once, without a restart: the window is rebuilt, open contacts and drafts are kept.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="80"/>
        <source>Применить</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/settings.py" line="81"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ShiftReport</name>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="107"/>
        <source>поступило</source>
        <translation>queued</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="108"/>
        <source>отвечено</source>
        <translation>answered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="111"/>
        <source>уровень обслуживания, % (шкала справа)</source>
        <translation>service level, % (right axis)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="125"/>
        <source>Поступило (звонки и чаты)</source>
        <translation>Queued (calls and chats)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="126"/>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="196"/>
        <source>Отвечено</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="128"/>
        <source>Уровень обслуживания (ответ за {0} с)</source>
        <translation>Service level (answered within {0} s)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="133"/>
        <source>Среднее время ответа</source>
        <translation>Average speed of answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="135"/>
        <source>Потеряно / доля потерянных</source>
        <translation>Abandoned / abandonment rate</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="138"/>
        <source>Обработано (все каналы)</source>
        <translation>Handled (every channel)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="139"/>
        <source>Среднее время обработки</source>
        <translation>Average handling time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="140"/>
        <source>Решено с первого обращения</source>
        <translation>First-contact resolution</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="142"/>
        <source>Удовлетворённость (доля оценок 4–5 · оценок · средняя)</source>
        <translation>Satisfaction (share of 4–5 · ratings · mean)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="181"/>
        <source>Период: {0} — {1}</source>
        <translation>Period: {0} — {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="184"/>
        <source>Составлен: {0}, {1}</source>
        <translation>Made: {0}, {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="195"/>
        <source>Канал</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="197"/>
        <source>Уровень обсл.</source>
        <translation>Service level</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="198"/>
        <source>Ср. ответ</source>
        <translation>Avg answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="199"/>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="208"/>
        <source>Обработано</source>
        <translation>Handled</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="200"/>
        <source>Ср. обработка</source>
        <translation>Avg handling</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="207"/>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="209"/>
        <source>Ср. время обработки</source>
        <translation>Average handling time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/report_pdf.py" line="219"/>
        <source>Отчёт за смену ЕКЦ</source>
        <translation>EKC shift report</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../operator_app/ui/dialogs/shortcuts.py" line="59"/>
        <location filename="../../operator_app/ui/dialogs/shortcuts.py" line="66"/>
        <source>Сочетания клавиш</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/shortcuts.py" line="64"/>
        <source>Меню</source>
        <translation>Menu</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/shortcuts.py" line="64"/>
        <source>Действие</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/shortcuts.py" line="64"/>
        <source>Клавиши</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/shortcuts.py" line="79"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="60"/>
        <source>Загрузка экспертной системы</source>
        <translation>Expert system download</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="115"/>
        <source>Экспертная система: построение индекса…</source>
        <translation>Expert system: building the index…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="125"/>
        <source>Экспертная система: %v из %m</source>
        <translation>Expert system: %v of %m</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="38"/>
        <source>Состояние оператора</source>
        <extracomment>a KB sync shows the progress bar when it brings at least this many changes (a first sync) the progress bar moves at most this often</extracomment>
        <translation>Operator state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="83"/>
        <source>● На связи</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="85"/>
        <source>● Подключение…</source>
        <translation>● Connecting…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="89"/>
        <source>● Нет связи с сервером — поиск, заметки и черновики работают; действия отправятся после восстановления связи</source>
        <translation>● No connection to the server — search, notes and drafts work; actions will be sent when the connection is back</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="103"/>
        <source> → затем: {0}</source>
        <translation> → then: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="135"/>
        <source>сегодня: {0} обращений, AHT {1} · очередь {2}</source>
        <translation>today: {0} contacts, AHT {1} · queue {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="147"/>
        <source>стандартный</source>
        <translation>standard</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="148"/>
        <source>ночной</source>
        <translation>night</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="149"/>
        <source>выходной</source>
        <translation>weekend</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="150"/>
        <source>аварийный</source>
        <translation>emergency</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="152"/>
        <source>Режим: {0}</source>
        <translation>Mode: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="157"/>
        <source>Ожидают отправки: {0}</source>
        <translation>Waiting to be sent: {0}</translation>
    </message>
</context>
<context>
    <name>SupervisorNotices</name>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="46"/>
        <source>Скрыть сообщения супервизора</source>
        <extracomment>(title, text) for the tray notification</extracomment>
        <translation>Hide the supervisor&apos;s messages</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="50"/>
        <source>Сообщения супервизора</source>
        <translation>Supervisor&apos;s messages</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="58"/>
        <source>Супервизор</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="61"/>
        <source>Сообщение супервизора</source>
        <translation>Message from the supervisor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="62"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="64"/>
        <source>Подсказка супервизора</source>
        <translation>Supervisor&apos;s whisper</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="65"/>
        <source>Подсказка по обращению {0} от {1} (гражданин её не видит): {2}</source>
        <translation>Whisper on contact {0} from {1} (the citizen does not see it): {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="69"/>
        <source>Состояние изменено</source>
        <translation>State changed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="70"/>
        <source>{0} перевёл(а) вас в состояние «{1}».</source>
        <translation>{0} set your state to “{1}”.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="74"/>
        <source>Назначение изменено</source>
        <translation>Assignment changed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="76"/>
        <source>{0} назначил(а) вас на первую линию.</source>
        <translation>{0} assigned you to first-line work.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="78"/>
        <source>{0} вернул(а) вас на вашу линию.</source>
        <translation>{0} moved you back to your own line.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="81"/>
        <source>Сеанс завершён</source>
        <translation>Session ended</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/supervisor_notices.py" line="83"/>
        <source>{0} завершил(а) ваш сеанс. Чтобы продолжить работу, войдите снова.</source>
        <translation>{0} ended your session. Log in again to continue.</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="12"/>
        <source>Звонок</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="13"/>
        <source>Чат</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="14"/>
        <source>Эл. почта</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="15"/>
        <source>Веб-форма</source>
        <translation>Web form</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="16"/>
        <source>Обратный звонок</source>
        <translation>Callback</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="17"/>
        <source>Исходящий</source>
        <translation>Outbound</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="20"/>
        <source>критический</source>
        <translation>critical</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="21"/>
        <source>высокий</source>
        <translation>high</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="22"/>
        <source>обычный</source>
        <translation>normal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="25"/>
        <source>Готов</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="26"/>
        <source>Не готов</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="27"/>
        <source>Перерыв</source>
        <translation>Break</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="28"/>
        <source>Не в сети</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="29"/>
        <source>В работе</source>
        <translation>In contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="30"/>
        <source>Постобработка</source>
        <translation>After-contact work</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="33"/>
        <source>в очереди</source>
        <translation>queued</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="34"/>
        <source>предложено</source>
        <translation>offered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="35"/>
        <source>в работе</source>
        <translation>in progress</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="36"/>
        <source>на удержании</source>
        <translation>on hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="37"/>
        <source>завершение</source>
        <translation>wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="38"/>
        <source>закрыто</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="39"/>
        <source>эскалировано</source>
        <translation>escalated</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="40"/>
        <source>переведено</source>
        <translation>transferred</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="41"/>
        <source>перенаправлено</source>
        <translation>redirected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="42"/>
        <source>гражданин ушёл</source>
        <translation>citizen left</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="45"/>
        <source>Гражданин</source>
        <translation>Citizen</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="46"/>
        <source>Чат-бот</source>
        <translation>Chat bot</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="47"/>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
</context>
<context>
    <name>TranscriptDialog</name>
    <message>
        <location filename="../../operator_app/ui/monitor/transcript.py" line="30"/>
        <source>Обращение {0} — наблюдение</source>
        <translation>Contact {0} — following</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/transcript.py" line="38"/>
        <source>Переписка</source>
        <translation>Transcript</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/transcript.py" line="43"/>
        <source>Подсказка оператору (гражданин её не видит)</source>
        <translation>A whisper to the operator (the citizen does not see it)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/transcript.py" line="44"/>
        <source>Подсказка оператору</source>
        <translation>Whisper to the operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/transcript.py" line="45"/>
        <source>Подсказать</source>
        <translation>Whisper</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/monitor/transcript.py" line="61"/>
        <source>Подсказка супервизора</source>
        <translation>Supervisor&apos;s whisper</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="50"/>
        <source>Перевод обращения {0}</source>
        <translation>Transfer contact {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="54"/>
        <source>Оператору</source>
        <translation>To an operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="55"/>
        <source>В очередь</source>
        <translation>To a queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="65"/>
        <source>Операторы</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="77"/>
        <source>Первая линия</source>
        <translation>First line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="78"/>
        <source>Вторая линия</source>
        <translation>Second line</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="79"/>
        <source>Супервизор</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="84"/>
        <source>все регионы</source>
        <translation>all regions</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="91"/>
        <source>Очередь:</source>
        <translation>Queue:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="92"/>
        <source>Ведомство:</source>
        <translation>Agency:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="93"/>
        <source>Регион:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="98"/>
        <source>Перевести</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="99"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/dialogs/transfer.py" line="109"/>
        <source>линия {0}</source>
        <translation>line {0}</translation>
    </message>
</context>
<context>
    <name>VerificationPanel</name>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="117"/>
        <source>Идентификация</source>
        <extracomment>the contact&apos;s citizen is verified (its contact id)</extracomment>
        <translation>Identity verification</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="131"/>
        <source>Начать идентификацию</source>
        <translation>Start verification</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="133"/>
        <source>Подтвердить личность гражданина перед работой с его персональными данными</source>
        <translation>Confirm the citizen&apos;s identity before working with their personal data</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="141"/>
        <source>ФИО, дата, телефон</source>
        <translation>Name, date, phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="142"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="221"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="225"/>
        <source>Документ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="143"/>
        <source>Проверка по реестру</source>
        <translation>Registry check</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="144"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="281"/>
        <source>Одноразовый код</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="145"/>
        <source>Согласие на обработку ПДн</source>
        <translation>Consent to data processing</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="195"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="206"/>
        <source>Фамилия</source>
        <translation>Surname</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="196"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="207"/>
        <source>Имя</source>
        <translation>First name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="197"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="208"/>
        <source>Отчество</source>
        <translation>Patronymic</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="200"/>
        <source>ДД.ММ.ГГГГ</source>
        <translation>DD.MM.YYYY</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="201"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="209"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="628"/>
        <source>Дата рождения</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="204"/>
        <source>Телефон учётной записи</source>
        <translation>Phone of the account</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="210"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="629"/>
        <source>Телефон</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="211"/>
        <source>Далее: документ</source>
        <translation>Next: document</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="222"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="230"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="250"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="630"/>
        <source>СНИЛС</source>
        <translation>SNILS</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="223"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="631"/>
        <source>Паспорт</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="224"/>
        <source>Банковские реквизиты</source>
        <translation>Bank details</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="232"/>
        <source>Серия паспорта</source>
        <translation>Passport series</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="235"/>
        <source>Номер паспорта</source>
        <translation>Passport number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="243"/>
        <source>Банк, куда приходят выплаты</source>
        <translation>Bank that receives the payments</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="244"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="256"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="636"/>
        <source>Банк</source>
        <translation>Bank</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="247"/>
        <source>Последние 4 цифры счёта</source>
        <translation>Last 4 digits of the account</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="252"/>
        <source>Серия</source>
        <translation>Series</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="253"/>
        <source>Номер</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="257"/>
        <source>Счёт: последние 4 цифры</source>
        <translation>Account: last 4 digits</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="264"/>
        <source>Проверить по реестру</source>
        <translation>Check against the registry</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="278"/>
        <source>Срок действия кода</source>
        <translation>Code validity</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="283"/>
        <source>Проверить код</source>
        <translation>Check the code</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="287"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="709"/>
        <source>Отправить код</source>
        <translation>Send the code</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="299"/>
        <source>Спросите гражданина: «Согласны ли вы на обработку ваших персональных данных для ответа на обращение (152-ФЗ)?»</source>
        <translation>Ask the citizen: “Do you consent to the processing of your personal data to answer your request (Federal Law 152-FZ)?”</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="306"/>
        <source>Согласие получено</source>
        <translation>Consent given</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="307"/>
        <source>Гражданин отказался</source>
        <translation>The citizen refused</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="327"/>
        <source>Начать заново</source>
        <translation>Start again</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="553"/>
        <source>Нет обращения</source>
        <translation>No contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="555"/>
        <source>Не выполнялась. Персональные данные — только после неё.</source>
        <translation>Not done. Personal data only after verification.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="556"/>
        <source>Шаг 1 из 5: спросите ФИО, дату рождения и телефон учётной записи</source>
        <translation>Step 1 of 5: ask for the full name, date of birth and the account&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="557"/>
        <source>Шаг 2 из 5: один документ гражданина</source>
        <translation>Step 2 of 5: one of the citizen&apos;s documents</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="558"/>
        <source>Шаг 4 из 5: одноразовый код</source>
        <translation>Step 4 of 5: one-time code</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="559"/>
        <source>Шаг 5 из 5: согласие на обработку персональных данных</source>
        <translation>Step 5 of 5: consent to personal-data processing</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="560"/>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="599"/>
        <source>Личность подтверждена</source>
        <translation>Identity verified</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="561"/>
        <source>Не подтверждена: данные не совпали с реестром</source>
        <translation>Not verified: the data did not match the registry</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="562"/>
        <source>Заблокирована: исчерпаны попытки ввода кода</source>
        <translation>Blocked: no code attempts left</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="563"/>
        <source>Не подтверждена: гражданин не дал согласия</source>
        <translation>Not verified: the citizen did not consent</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="564"/>
        <source>Прервана</source>
        <translation>Interrupted</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="578"/>
        <source>По пенсионным вопросам нужен СНИЛС.</source>
        <translation>Pension matters need the SNILS.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="581"/>
        <source>По выплатам можно назвать банк и счёт, куда они приходят.</source>
        <translation>For payments, the bank and account they go to will do.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="601"/>
        <source>в {0}</source>
        <translation>at {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="610"/>
        <source>Скажите гражданину:</source>
        <translation>Tell the citizen:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="627"/>
        <source>ФИО</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="632"/>
        <source>ИНН</source>
        <translation>INN</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="633"/>
        <source>Эл. почта</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="634"/>
        <source>Адрес</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="635"/>
        <source>Регион</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="637"/>
        <source>Счёт, последние 4 цифры</source>
        <translation>Account, last 4 digits</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="649"/>
        <source>Показать</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="651"/>
        <source>Показать полностью (просмотр записывается в журнал аудита)</source>
        <translation>Show in full (the view is written to the audit log)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="653"/>
        <source>Показать: {0}</source>
        <translation>Show: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="682"/>
        <source>Выплаты</source>
        <translation>Payments</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="682"/>
        <source>Выплат нет.</source>
        <translation>No payments.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="695"/>
        <source>Заявления</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="695"/>
        <source>Заявлений нет.</source>
        <translation>No applications.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="704"/>
        <source>Отправьте код на телефон учётной записи {0}</source>
        <translation>Send the code to the account&apos;s phone {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="714"/>
        <source>Код отправлен на {0}. Попыток осталось: {1}</source>
        <translation>Code sent to {0}. Attempts left: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="721"/>
        <source>Код истёк: отправьте новый</source>
        <translation>The code has expired: send a new one</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="724"/>
        <source>Код действует ещё {0}</source>
        <translation>The code is valid for {0} more</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="730"/>
        <source>Отправок больше нет</source>
        <translation>No more sends</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="733"/>
        <source>Отправить ещё раз через {0}</source>
        <translation>Send again in {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/verification_panel.py" line="736"/>
        <source>Отправить ещё раз</source>
        <translation>Send again</translation>
    </message>
</context>
<context>
    <name>WrapUpPane</name>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="37"/>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="101"/>
        <source>Завершение: нет обращения</source>
        <translation>Wrap-up: no contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="44"/>
        <source>Результат:</source>
        <translation>Result:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="46"/>
        <source>Результат обращения</source>
        <translation>Contact result</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="52"/>
        <source>Вопрос решён</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="56"/>
        <source>Заметки по обращению (сохраняются автоматически)</source>
        <translation>Notes on the contact (saved automatically)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="57"/>
        <source>Заметки</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="60"/>
        <source>Завершить обращение</source>
        <translation>Close contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="61"/>
        <source>Закрыть обращение с выбранным результатом (Ctrl+W)</source>
        <translation>Close the contact with the chosen result (Ctrl+W)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="104"/>
        <source>Завершение обращения {0}</source>
        <translation>Wrap-up of contact {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="142"/>
        <source>Постобработка: {0} с</source>
        <translation>After-contact work: {0} s</translation>
    </message>
</context>
</TS>
